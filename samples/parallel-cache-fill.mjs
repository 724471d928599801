// expect: race
// stdout: cache warm: 6 keys, user:3 -> USER:3
// A warm-up step starts parallel workers that fill one cache table, then reads
// the table after a fixed sleep instead of after the workers have finished:
// what it sees depends on whether every worker beat the timer.
// Fixed twin: parallel-cache-fill-fixed.mjs.
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
    cache.set(key, value); // race
  }
}

const workers = [
  fillWorker(['user:1', 'user:2', 'user:3']),
  fillWorker(['team:1', 'team:2']),
  fillWorker(['org:1']),
];
await sleep(100); // BUG: "the workers are surely done by now"
console.log(`cache warm: ${cache.size} keys, user:3 -> ${cache.get('user:3')}`); // race
await Promise.all(workers); // joined too late: the read above already happened
