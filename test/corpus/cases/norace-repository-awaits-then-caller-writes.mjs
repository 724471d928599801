// expect: none
// The rate limiter of race-repository-awaits-then-caller-writes.mjs, whose cache client waits for
// its connection before reading, but the client's two requests are admitted one after the other:
// the second reads the count the first stored.
import { readFile } from 'node:fs/promises';

const counts = new Map();
const cache = {
  async get(key) {
    await readFile(new URL(import.meta.url)); // connection round trip
    return counts.get(key) ?? 0;
  },
};

async function withinQuota(n) {
  await null;
  return n < 100;
}

async function admit(client) {
  const n = await cache.get(client);
  if (!(await withinQuota(n))) return false;
  counts.set(client, n + 1);
  return true;
}

await admit('10.0.0.7');
await admit('10.0.0.7');
console.log('requests counted', counts.get('10.0.0.7'));
