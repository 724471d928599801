// expect: none
// Writes are batched: two producers push synchronously and the first push of
// a batch schedules a flush with queueMicrotask, which swaps the array. The
// last flush is queued before the producers return, so it runs before the
// Promise.all reaction and before the timer the main flow sets after it.
import { setTimeout as sleep } from 'node:timers/promises';

let pending = [];
let scheduled = false;
const flushed = [];

function flush() {
  const batch = pending;
  pending = [];
  scheduled = false;
  flushed.push(batch.length);
}

function write(x) {
  pending.push(x);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flush);
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
console.log('flushed', flushed.reduce((a, b) => a + b, 0), 'in', flushed.length, 'batches');
