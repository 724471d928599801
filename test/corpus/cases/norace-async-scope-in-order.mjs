// expect: none
// A tiny job runner in the style of node:test: each job runs in its own AsyncResource's scope
// (runInAsyncScope, synchronously inside the runner's code), and the runner waits for one job to
// finish before it starts the next. The second job's read-modify-write comes after the first one's.
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
  const seen = totals.count;
  await sleep(2); // write the audit log
  totals.count = seen + 1;
}

for (const job of [new Job(bump), new Job(bump), new Job(() => { totals.count *= 10; })]) await job.run();
console.log('count', totals.count);
