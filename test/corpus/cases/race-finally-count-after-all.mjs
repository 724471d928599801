// expect: race
// As norace-finally-count-after-all.mjs, but the count hangs from the task after one more timer
// (`task.then(() => sleep(1)).finally(...)`) and the pool hands back the raw task: the reader resumes
// once the tasks settle, and whether the first task's count (1 ms after its task, 34 ms before the
// other task) is in by then is a matter of timing.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Pool {
  completed = 0;
  run(task) {
    const p = task();
    p.then(() => sleep(1)).finally(() => {
      this.completed++; // race
    });
    return p;
  }
}

setTimeout(async () => {
  const pool = new Pool();
  await Promise.all([pool.run(() => sleep(5)), pool.run(() => sleep(40))]);
  console.log('completed', pool.completed); // race
}, 1);
