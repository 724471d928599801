// expect: none
// An interval's first tick waits on a shared-memory cell with
// Atomics.waitAsync (a 5 ms timeout) and records the outcome; its second tick
// awaits that same wait before it reads the record, so it always sees it.
const cell = new Int32Array(new SharedArrayBuffer(4));
const record = { outcome: 'pending' };
let ticks = 0;
let waited = null;

const timer = setInterval(async () => {
  ticks++;
  if (ticks === 1) {
    waited = Atomics.waitAsync(cell, 0, 0, 5).value.then((outcome) => {
      record.outcome = outcome;
    });
    return;
  }
  clearInterval(timer);
  await waited;
  console.log('outcome', record.outcome);
}, 20);
