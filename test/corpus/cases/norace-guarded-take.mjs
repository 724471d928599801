// expect: none
// A hand-rolled concurrency limiter: when a task ends, `next()` tests the
// queue and takes the next task in the same synchronous step. Whichever task
// ends first, the test and the take are one step; when the queue is already
// empty the step takes nothing, and that is not a timing-dependent read.
import { setTimeout as sleep } from 'node:timers/promises';

function limit(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active < n && queue.length > 0) {
      active++;
      const { fn, resolve } = queue.shift();
      fn()
        .then(resolve)
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
console.log('results', results.join(','));
