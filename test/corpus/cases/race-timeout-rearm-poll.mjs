// expect: race
// The same expect.poll-style wait, but the job sets its status before it has
// the result: it marks itself done, sleeps 3 ms more and only then stores the
// result. The poll that sees 'done' is ordered after the status write only, so
// its read of the result may see either value: a poll that decides something
// racy is still a race.
import { setTimeout as sleep } from 'node:timers/promises';

const job = { status: 'running', result: null };

async function run() {
  await sleep(5);
  job.status = 'done';
  await sleep(3);
  job.result = 42; // race
}

async function log(line) {
  await null;
  return line;
}

function waitUntilDone() {
  return new Promise((resolve) => {
    const check = async () => {
      const status = job.status;
      if (status === 'done') return resolve(job.result); // race
      await log(`status ${status}`);
      setTimeout(check, 2);
    };
    check();
  });
}

run();
const result = await waitUntilDone();
console.log('result', result === 42 || result === null);
