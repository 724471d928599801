// expect: none
// stdout: job-7 running attempts=1
// The fixed twin of job-table-two-locks.mjs: both code paths take the one
// mutex that guards the job table, so the second read-await-write starts only
// after the first one has written the job back.
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const jobs = new Map([['job-7', { status: 'queued', attempts: 0 }]]);
const jobsLock = new Mutex(); // FIX: one lock for the table, used by every path

// The worker picks the job up: it claims a slot in the scheduler, then marks it.
async function startJob(id) {
  await jobsLock.runExclusive(async () => {
    const job = jobs.get(id);
    await sleep(5); // claim a worker slot
    jobs.set(id, { ...job, status: 'running' });
  });
}

// The API records a retry request: it audits it, then bumps the counter.
async function retryJob(id) {
  await jobsLock.runExclusive(async () => {
    const job = jobs.get(id);
    await sleep(20); // write an audit log entry
    jobs.set(id, { ...job, attempts: job.attempts + 1 });
  });
}

await Promise.all([startJob('job-7'), retryJob('job-7')]);
const job = jobs.get('job-7');
console.log(`job-7 ${job.status} attempts=${job.attempts}`);
