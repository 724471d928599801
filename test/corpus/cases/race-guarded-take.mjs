// expect: race
// The same limiter with the take moved after an await: a task that ends
// tests the queue, yields, then shifts. Two tasks ending close together can
// both see one waiting task, and the second shift gets nothing. The test is
// a timing-dependent read: whether it sees the waiting task depends on which
// sleeping task ends first.
import { setTimeout as sleep } from 'node:timers/promises';

function limit(n) {
  let active = 0;
  const queue = [];
  const next = async () => {
    if (active < n && queue.length > 0) { // race
      active++;
      await null;
      const job = queue.shift(); // race
      if (job === undefined) return;
      job
        .fn()
        .then(job.resolve)
        .finally(() => {
          active--;
          next();
        });
    }
  };
  return (fn) =>
    new Promise((resolve) => {
      queue.push({ fn, resolve });
      next();
    });
}

const run = limit(2);
const results = await Promise.all(
  [5, 1, 3, 2].map((ms) =>
    run(async () => {
      await sleep(ms);
      return ms;
    }),
  ),
);
console.log('results', results.length);
