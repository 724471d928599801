// expect: race
// An interval's first tick starts a step on a 1 ms timer of its own; its
// second tick reads the result once. Two timers set in different turns are
// not ordered: the step may or may not be done when the second tick reads.
const progress = { step: 0 };
let ticks = 0;
const timer = setInterval(() => {
  ticks++;
  if (ticks === 1) {
    setTimeout(() => {
      progress.step = 1; // race
    }, 1);
    return;
  }
  console.log('step read', progress.step >= 0); // race
  clearInterval(timer);
}, 1);
