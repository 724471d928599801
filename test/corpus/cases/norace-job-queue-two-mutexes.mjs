// expect: none
// The same job queue with one mutex: producers and the worker take the same
// lock around their read-modify-write of queue.jobs, so each one starts from
// the list the previous holder left.
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const queue = { jobs: [], done: [] };
const queueLock = new Mutex();

async function enqueue(job) {
  await queueLock.runExclusive(async () => {
    const jobs = queue.jobs;
    await sleep(1); // validate the payload
    queue.jobs = [...jobs, job];
  });
}

async function drain() {
  await queueLock.runExclusive(async () => {
    const jobs = queue.jobs;
    for (const job of jobs) {
      await sleep(2); // run the job
      queue.done.push(job);
    }
    queue.jobs = [];
  });
}

await enqueue('resize-1');
await Promise.all([drain(), enqueue('resize-2'), enqueue('resize-3')]);
console.log('done', queue.done.join(','), 'waiting', queue.jobs.join(','));
