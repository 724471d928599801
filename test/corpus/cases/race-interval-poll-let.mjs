// expect: race
// A background job sets a module `let` flag when it finishes, and the flag is
// checked once, on a 10 ms timeout, instead of on every tick of an interval
// that stops when it sees the flag: a single timed read of a flag that another
// flow sets after its own 1 ms sleep. Nothing orders the two timers, so the one
// check may see either value.
import { setTimeout as sleep } from 'node:timers/promises';

let done = false;

async function work() {
  await sleep(1);
}

const seen = await new Promise((resolve) => {
  setTimeout(() => {
    resolve(done ? 'done' : 'running'); // race
  }, 10);
  (async () => {
    await work();
    done = true; // race
  })();
});
console.log('checked', typeof seen);
