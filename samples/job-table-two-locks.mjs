// expect: race
// stdout: job-7 queued attempts=1
// One job table, two code paths, two different mutexes. The worker takes
// `workerLock` to mark a job running; the retry API takes `apiLock` to bump
// the attempt counter. Each path reads the job, awaits, and writes the whole
// job back. The two locks do not exclude each other, so the retry's write-back
// erases the worker's status change (a lost update).
// Fixed twin: job-table-two-locks-fixed.mjs.
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const jobs = new Map([['job-7', { status: 'queued', attempts: 0 }]]);
const workerLock = new Mutex();
const apiLock = new Mutex(); // BUG: a second lock for the same table

// The worker picks the job up: it claims a slot in the scheduler, then marks it.
async function startJob(id) {
  await workerLock.runExclusive(async () => {
    const job = jobs.get(id); // race
    await sleep(5); // claim a worker slot
    jobs.set(id, { ...job, status: 'running' }); // race
  });
}

// The API records a retry request: it audits it, then bumps the counter.
async function retryJob(id) {
  await apiLock.runExclusive(async () => {
    const job = jobs.get(id); // race
    await sleep(20); // write an audit log entry
    jobs.set(id, { ...job, attempts: job.attempts + 1 }); // race
  });
}

await Promise.all([startJob('job-7'), retryJob('job-7')]);
const job = jobs.get('job-7');
console.log(`job-7 ${job.status} attempts=${job.attempts}`);
