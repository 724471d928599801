// expect: none
// An interval's first tick starts a step that finishes after awaiting a value
// that is already there; its second tick reads the result once. The step's
// continuation runs in the first tick's own turn (Node empties the microtask
// queue before it runs another timer), so the second tick always sees it done.
const progress = { step: 0 };
const ready = Promise.resolve(1);
let ticks = 0;

async function work() {
  const n = await ready;
  progress.step = n;
}

const timer = setInterval(() => {
  ticks++;
  if (ticks === 1) {
    work();
    return;
  }
  console.log('step', progress.step);
  clearInterval(timer);
}, 1);
