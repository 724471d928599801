// expect: none
// A fake clock steps through its timers one real timer at a time, the
// way test libraries' runAllAsync does: each step fires the due callbacks,
// whose promise reactions record progress, and arms the next real timer.
// Every reaction queued in a step runs before the next step's timer, so
// the test's check after the clock settles sees all of them.
const due = [];
const seen = [];

function fakeTimeout(fn) {
  due.push(fn);
}

function runAll() {
  return new Promise((resolve) => {
    const step = () => {
      setTimeout(() => {
        const fn = due.shift();
        if (fn === undefined) return resolve();
        fn();
        step();
      }, 0);
    };
    step();
  });
}

const ready = (name) => new Promise((resolve) => fakeTimeout(() => resolve(name)));
ready('first').then((name) => seen.push(name));
ready('second').then((name) => {
  seen.push(name);
  fakeTimeout(() => seen.push('third'));
});
await runAll();
console.log(seen.join(' '));
