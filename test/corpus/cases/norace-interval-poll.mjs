// expect: none
// An interval polls a job's status until it changes, then stops. When the
// job finishes before the first tick, that tick already sees "done" and
// stops after one read: still polling, not a one-off timed read.
import { setTimeout as sleep } from 'node:timers/promises';

const job = { status: 'running' };

async function run() {
  await sleep(1);
  job.status = 'done';
}

const seen = await new Promise((resolve) => {
  const timer = setInterval(() => {
    if (job.status === 'done') {
      clearInterval(timer);
      resolve(job.status);
    }
  }, 3);
  run();
});
console.log('seen', seen);
