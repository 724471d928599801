// expect: race
// A rate limiter reads each client's count through a cache client that waits for its connection
// first, checks the quota in an async policy call, and stores count + 1 itself. Two requests from
// one client both read the same count, and one of them is not counted.
import { readFile } from 'node:fs/promises';

const counts = new Map();
const cache = {
  async get(key) {
    await readFile(new URL(import.meta.url)); // connection round trip
    return counts.get(key) ?? 0; // race
  },
};

async function withinQuota(n) {
  await null;
  return n < 100;
}

async function admit(client) {
  const n = await cache.get(client);
  if (!(await withinQuota(n))) return false;
  counts.set(client, n + 1); // race
  return true;
}

await Promise.all([admit('10.0.0.7'), admit('10.0.0.7')]);
console.log('requests counted', counts.get('10.0.0.7'));
