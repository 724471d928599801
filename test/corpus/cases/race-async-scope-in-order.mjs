// expect: race
// The same job runner, started all at once: each job still runs in its own AsyncResource's scope,
// but nothing waits for the previous one, so the two read-await-write jobs interleave.
import { AsyncResource } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const totals = { count: 0 };

class Job extends AsyncResource {
  constructor(fn) {
    super('Job');
    this.fn = fn;
  }
  run() {
    return this.runInAsyncScope(this.fn);
  }
}

async function bump() {
  const seen = totals.count; // race
  await sleep(2); // write the audit log
  totals.count = seen + 1; // race
}

await Promise.all([new Job(bump), new Job(bump)].map((job) => job.run()));
console.log('count', totals.count);
