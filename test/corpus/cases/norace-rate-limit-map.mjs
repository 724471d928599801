// expect: none
// A per-client rate limiter keeps request counts in a Map. The count is read
// and incremented in one synchronous step before the audit log is awaited, so
// concurrent requests from one client each see their own number.
import { setImmediate as nextLoop } from 'node:timers/promises';

const LIMIT = 2;
const hits = new Map();
const auditLog = [];

async function audit(entry) {
  await nextLoop();
  auditLog.push(entry);
}

async function allow(client) {
  const count = (hits.get(client) ?? 0) + 1;
  hits.set(client, count);
  if (count > LIMIT) return false;
  await audit(`${client} #${count}`);
  return true;
}

const verdicts = await Promise.all([allow('10.0.0.7'), allow('10.0.0.7'), allow('10.0.0.7'), allow('10.0.0.9')]);
console.log('allowed', verdicts.filter(Boolean).length, 'of', verdicts.length, 'audited', auditLog.length);
