// expect: race
// Writes are batched, but the flush is scheduled on a 1 ms timer instead of a
// microtask. The main flow reads the flushed count after its own 2 ms sleep:
// timers with different delays, set in different segments, are not ordered,
// so whether the last batch is counted depends on timing.
import { setTimeout as sleep } from 'node:timers/promises';

let pending = [];
let scheduled = false;
const flushed = [];

function flush() {
  const batch = pending;
  pending = [];
  scheduled = false;
  flushed.push(batch.length); // race
}

function write(x) {
  pending.push(x);
  if (!scheduled) {
    scheduled = true;
    setTimeout(flush, 1);
  }
}

async function producer(n) {
  for (let i = 0; i < n; i++) {
    write(i);
    await null;
  }
}

await Promise.all([producer(5), producer(3)]);
await sleep(2);
console.log('flushed', flushed.reduce((a, b) => a + b, 0) >= 0); // race
