// expect: none
// An interval polls a job's status until it changes, then stops. The job
// finishes after a few ticks: every tick re-reads the status at one site,
// and the first tick's read belongs to the poll as much as the later ones
// (it is not a one-off timed read once the interval reads there again).
import { setTimeout as sleep } from 'node:timers/promises';

const job = { status: 'running' };

async function run() {
  await sleep(12);
  job.status = 'done';
}

const seen = await new Promise((resolve) => {
  const timer = setInterval(() => {
    if (job.status === 'done') {
      clearInterval(timer);
      resolve(job.status);
    }
  }, 2);
  run();
});
console.log('seen', seen);
