// expect: race
// A fake clock steps through its timers one real timer at a time, the
// way test libraries' runAllAsync does, and the test checks what the
// callbacks recorded once the clock settles. One callback records its
// progress only after a real 5 ms timer of its own, which the clock's
// steps do not wait for: the check may run before or after it.
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
ready('second').then(async (name) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  seen.push(name); // race
});
await runAll();
console.log('checked', seen.length > 0); // race
