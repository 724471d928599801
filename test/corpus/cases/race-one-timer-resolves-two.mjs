// expect: race
// As norace-one-timer-resolves-two.mjs, but the task finishes from a timer of its own: whether it is
// off the active list when the pool wakes up depends on which of two timers with different delays
// runs first (SPEC rule 8 orders only equal delays).
const active = ['task'];
let finishTask;
let wakePool;
const task = new Promise((resolve) => (finishTask = resolve));
const poolWait = new Promise((resolve) => (wakePool = resolve));
task.then(() => {
  active.pop(); // race
});
async function pool() {
  await poolWait;
  console.log('active after wake-up', active.length); // race
}
const done = pool();
setTimeout(() => finishTask(), 1);
setTimeout(() => wakePool(), 3);
await done;
