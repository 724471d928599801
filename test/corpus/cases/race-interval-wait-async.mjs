// expect: race
// An interval's first tick waits on a shared-memory cell with
// Atomics.waitAsync (a 5 ms timeout) and records the outcome; its second
// tick reads the record once. V8 settles that wait from a task of its own,
// on no timer or I/O callback Node knows: nothing orders it with the
// interval's next tick.
const cell = new Int32Array(new SharedArrayBuffer(4));
const record = { outcome: 'pending' };
let ticks = 0;

const timer = setInterval(() => {
  ticks++;
  if (ticks === 1) {
    Atomics.waitAsync(cell, 0, 0, 5).value.then((outcome) => {
      record.outcome = outcome; // race
    });
    return;
  }
  console.log('outcome seen', typeof record.outcome); // race
  clearInterval(timer);
}, 20);
