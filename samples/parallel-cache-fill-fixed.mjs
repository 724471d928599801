// expect: none
// stdout: cache warm: 6 keys, user:3 -> USER:3
// The fixed twin of parallel-cache-fill.mjs: the caller reads the cache only
// after `await Promise.all(workers)`, which orders every worker's writes
// before the read.
import { setTimeout as sleep } from 'node:timers/promises';

const cache = new Map(); // key -> value, shared by all workers

// A simulated backend lookup of a few milliseconds.
async function load(key) {
  await sleep(1 + (key.length % 3));
  return key.toUpperCase();
}

// Each worker fills its own slice of keys, one lookup at a time.
async function fillWorker(keys) {
  for (const key of keys) {
    const value = await load(key);
    cache.set(key, value);
  }
}

const workers = [
  fillWorker(['user:1', 'user:2', 'user:3']),
  fillWorker(['team:1', 'team:2']),
  fillWorker(['org:1']),
];
await Promise.all(workers); // FIX: join the workers before reading
console.log(`cache warm: ${cache.size} keys, user:3 -> ${cache.get('user:3')}`);
