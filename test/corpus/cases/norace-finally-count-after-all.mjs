// expect: none
// A pool counts finished tasks in a `finally` hung on each task's settlement, and a flow started by a
// timer reads the count once `await Promise.all(...)` over the pool's promises returns. Each finally
// went into the microtask queue in the same run that settled the promise Promise.all waits on, right
// behind Promise.all's own reaction to it, so it runs before the reaction that resumes the reader
// (microtasks run in the order they were queued): the count is final whatever the tasks' timing.
// Race twin: race-finally-count-after-all.mjs.
import { readFile } from 'node:fs/promises';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Pool {
  completed = 0;
  failed = 0;
  run(task) {
    return new Promise((resolve, reject) => {
      task()
        .then(resolve, (err) => {
          this.failed++;
          reject(err);
        })
        .finally(() => {
          this.completed++;
        });
    });
  }
}

setTimeout(async () => {
  const pool = new Pool();
  await Promise.all([pool.run(() => sleep(5)), pool.run(() => sleep(10)), pool.run(() => readFile(import.meta.filename))]);
  console.log('timers', pool.completed, pool.failed);
  const settled = await Promise.allSettled([pool.run(() => Promise.reject(new Error('no'))), pool.run(() => sleep(2))]);
  console.log('settled', settled.map((s) => s.status).join(','), pool.completed);
}, 1);
