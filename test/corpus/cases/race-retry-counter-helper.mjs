// expect: race
// A queue registers each job through a small synchronous helper that builds the
// record, notes its attempt count and publishes it. The caller waits for the
// first step and then stores the count it got from the helper, plus one; a
// watchdog that bumps the count in the meantime is overwritten.
import { setImmediate as nextLoop } from 'node:timers/promises';

const jobs = new Map();

function register(id) {
  const job = { id, attempts: 0 };
  const attempts = job.attempts; // race
  jobs.set(id, job);
  return attempts;
}

async function start(id) {
  const attempts = register(id);
  await nextLoop();
  jobs.get(id).attempts = attempts + 1; // race
}

async function watchdog(id) {
  await null;
  jobs.get(id).attempts++; // race
}

await Promise.all([start('a'), watchdog('a')]);
console.log('attempts', jobs.get('a').attempts);
