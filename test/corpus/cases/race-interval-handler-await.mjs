// expect: race
// An interval's first tick starts a step that finishes after a 1 ms sleep; its
// second tick reads the result once. The sleep ends in a later turn than the
// tick that started it, on a timer nothing orders with the interval's next
// tick: the second tick may see the step done or not.
const progress = { step: 0 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let ticks = 0;

async function work() {
  await sleep(1);
  progress.step = 1; // race
}

const timer = setInterval(() => {
  ticks++;
  if (ticks === 1) {
    work();
    return;
  }
  console.log('step read', progress.step >= 0); // race
  clearInterval(timer);
}, 1);
