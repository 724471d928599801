// expect: race
// A job runner builds each job record locally, reads its attempt count, then
// publishes the record so a watchdog can retry stuck jobs, and writes the count
// back after the first step. A watchdog retry that bumps the count while the
// step is running is overwritten.
import { setImmediate as nextLoop } from 'node:timers/promises';

const jobs = new Map();

async function start(id) {
  const job = { id, attempts: 0, state: 'new' };
  job.state = 'queued';
  const attempts = job.attempts; // race
  jobs.set(id, job);
  await nextLoop();
  job.attempts = attempts + 1; // race
  job.state = 'running';
}

async function watchdog(id) {
  await null;
  const job = jobs.get(id);
  if (job !== undefined && job.state === 'queued') job.attempts++; // race
}

await Promise.all([start('a'), watchdog('a')]);
console.log('attempts', jobs.get('a').attempts);
