// expect: none
// An interval's first tick hands a step to process.nextTick; its second tick
// reads the result once. Node empties the nextTick queue before it runs any
// other timer, so the step is always done by the time the next tick comes.
const progress = { step: 0 };
let ticks = 0;
const timer = setInterval(() => {
  ticks++;
  if (ticks === 1) {
    process.nextTick(() => {
      progress.step = 1;
    });
    return;
  }
  console.log('step', progress.step);
  clearInterval(timer);
}, 1);
