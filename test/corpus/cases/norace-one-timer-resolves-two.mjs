// expect: none
// A pool keeps the tasks in flight in an array; a fake clock's tick resolves a task's wait and then the
// pool's own wait in one callback. The task's `then` (which takes it off the active list) went into the
// microtask queue before the reaction that resumes the pool, so the pool always counts the list after
// the pop (microtasks run in the order they were queued), whatever the timing.
// Race twin: race-one-timer-resolves-two.mjs.
const active = ['task'];
let finishTask;
let wakePool;
const task = new Promise((resolve) => (finishTask = resolve));
const poolWait = new Promise((resolve) => (wakePool = resolve));
task.then(() => {
  active.pop();
});
async function pool() {
  await poolWait;
  console.log('active after wake-up', active.length);
}
const done = pool();
setTimeout(() => {
  finishTask();
  wakePool();
}, 1);
await done;
