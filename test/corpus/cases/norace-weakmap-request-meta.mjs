// expect: none
// Request metadata (a geo-IP lookup) is cached per request object in a
// WeakMap. The pending lookup itself is stored, in the same synchronous step
// as the check, so two middlewares asking for the same request share one
// lookup; different requests have different keys.
import { setTimeout as sleep } from 'node:timers/promises';

const meta = new WeakMap();
let lookups = 0;

async function geoLookup(ip) {
  lookups++;
  await sleep(2);
  return { ip, country: ip.startsWith('10.') ? 'internal' : 'NL' };
}

function requestMeta(req) {
  let pending = meta.get(req);
  if (pending === undefined) {
    pending = geoLookup(req.ip);
    meta.set(req, pending);
  }
  return pending;
}

async function handle(req) {
  const [auth, pricing] = await Promise.all([requestMeta(req), requestMeta(req)]);
  meta.delete(req);
  return `${auth.country}/${pricing.country}`;
}

const answers = await Promise.all([handle({ ip: '192.0.2.7' }), handle({ ip: '10.1.2.3' })]);
console.log('countries', answers.join(' '), 'lookups', lookups);
