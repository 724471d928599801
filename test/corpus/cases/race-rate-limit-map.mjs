// expect: race
// A per-client rate limiter keeps request counts in a Map. It reads the count,
// awaits the audit log, then stores count + 1: concurrent requests from one
// client all read the same count and all get through the limit.
import { setImmediate as nextLoop } from 'node:timers/promises';

const LIMIT = 2;
const hits = new Map();
const auditLog = [];

async function audit(entry) {
  await nextLoop();
  auditLog.push(entry);
}

async function allow(client) {
  const count = hits.get(client) ?? 0; // race
  if (count >= LIMIT) return false;
  await audit(`${client} #${count + 1}`);
  hits.set(client, count + 1); // race
  return true;
}

const verdicts = await Promise.all([allow('10.0.0.7'), allow('10.0.0.7'), allow('10.0.0.7'), allow('10.0.0.9')]);
console.log('requests', verdicts.length);
