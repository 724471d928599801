// expect: race
// Request metadata (a geo-IP lookup) is cached per request object in a
// WeakMap, so it goes away with the request. The lookup checks the WeakMap,
// awaits the geo service, then stores the answer: two middlewares asking for
// the same request both miss, both call the service, and both store.
import { setTimeout as sleep } from 'node:timers/promises';

const meta = new WeakMap();
let lookups = 0;

async function geoLookup(ip) {
  lookups++;
  await sleep(2);
  return { ip, country: ip.startsWith('10.') ? 'internal' : 'NL' };
}

async function requestMeta(req) {
  if (!meta.has(req)) { // race
    const info = await geoLookup(req.ip);
    meta.set(req, info); // race
  }
  return meta.get(req);
}

const req = { ip: '192.0.2.7', url: '/checkout' };
const [auth, pricing] = await Promise.all([requestMeta(req), requestMeta(req)]);
console.log('countries', auth.country, pricing.country);
