// expect: race
// The status check runs once, on a 3 ms timeout, instead of on every tick of
// an interval: a single timed read of a status that another flow sets after
// its own 1 ms sleep. Nothing orders the two timers, so the one check may
// see either value.
import { setTimeout as sleep } from 'node:timers/promises';

const job = { status: 'running' };

async function run() {
  await sleep(1);
  job.status = 'done'; // race
}

const seen = await new Promise((resolve) => {
  setTimeout(() => {
    resolve(job.status === 'done' || job.status === 'running'); // race
  }, 3);
  run();
});
console.log('seen', seen);
