// expect: none
// A caller waits for a background job the way expect.poll does: it checks the
// job's status at once, and while the job is still running it awaits the check's
// logging and then arms a timer for the next check. Each check runs in a timer
// callback of its own, re-armed by the one before it (after an await), and
// re-reads the status at one site until it changes: a poll, like the ticks of
// an interval. The job sets its status after a 5 ms sleep of its own.
import { setTimeout as sleep } from 'node:timers/promises';

const job = { status: 'running', result: null };

async function run() {
  await sleep(5);
  job.result = 42;
  job.status = 'done';
}

async function log(line) {
  await null;
  return line;
}

function waitUntilDone() {
  return new Promise((resolve) => {
    const check = async () => {
      const status = job.status;
      if (status === 'done') return resolve(job.result);
      await log(`status ${status}`);
      setTimeout(check, 2);
    };
    check();
  });
}

run();
console.log('result', await waitUntilDone());
