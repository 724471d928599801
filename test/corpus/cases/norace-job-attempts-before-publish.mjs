// expect: none
// A job runner builds each job record locally and fills it in before anyone
// else can see it, then publishes it. The watchdog only looks at jobs once the
// runner has finished starting them, so it never bumps a count mid-step.
import { setImmediate as nextLoop } from 'node:timers/promises';

const jobs = new Map();

async function start(id) {
  const job = { id, attempts: 0, state: 'new' };
  job.state = 'queued';
  const attempts = job.attempts;
  job.attempts = attempts + 1;
  jobs.set(id, job);
  await nextLoop();
  job.state = 'running';
}

async function watchdog(id) {
  await null;
  const job = jobs.get(id);
  if (job !== undefined && job.state === 'queued') job.attempts++;
}

await start('a');
await watchdog('a');
console.log('attempts', jobs.get('a').attempts);
