// expect: none
// A queue registers each job through a small synchronous helper that builds the
// record, counts the first attempt and publishes it. The watchdog bumps the
// count later, and nobody writes back a count read before an await.
import { setImmediate as nextLoop } from 'node:timers/promises';

const jobs = new Map();

function register(id) {
  const job = { id, attempts: 0 };
  job.attempts = job.attempts + 1;
  jobs.set(id, job);
  return job.attempts;
}

async function start(id) {
  register(id);
  await nextLoop();
  jobs.get(id).state = 'running';
}

async function watchdog(id) {
  await null;
  jobs.get(id).attempts++;
}

await Promise.all([start('a'), watchdog('a')]);
console.log('attempts', jobs.get('a').attempts);
