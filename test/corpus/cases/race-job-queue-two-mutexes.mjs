// expect: race
// A job queue guarded by two different mutexes: producers take the enqueue
// lock, the worker takes the drain lock. Each replaces queue.jobs with a list
// computed from what it read before its await; two locks order nothing, so a
// job enqueued during a drain is wiped (or a drained job comes back).
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const queue = { jobs: [], done: [] };
const enqueueLock = new Mutex();
const drainLock = new Mutex();

async function enqueue(job) {
  await enqueueLock.runExclusive(async () => {
    const jobs = queue.jobs; // race
    await sleep(1); // validate the payload
    queue.jobs = [...jobs, job]; // race
  });
}

async function drain() {
  await drainLock.runExclusive(async () => {
    const jobs = queue.jobs; // race
    for (const job of jobs) {
      await sleep(2); // run the job
      queue.done.push(job);
    }
    queue.jobs = []; // race
  });
}

await enqueue('resize-1');
await Promise.all([drain(), enqueue('resize-2'), enqueue('resize-3')]);
console.log('queue settled');
