// expect: none
// A retry schedules its next attempt with a 5 ms timer; the caller, a few
// steps later (after an await, and again after a 1 ms pause), waits 5 ms
// itself before reading the attempt count. Node keeps one list per delay and
// runs it in order: a timer started earlier with the same delay runs first,
// whichever segment or turn started it.
const retry = { attempts: 0 };

function scheduleAttempt() {
  setTimeout(() => {
    retry.attempts++;
  }, 5);
}

scheduleAttempt();
await null;
await new Promise((resolve) => setTimeout(resolve, 5));
console.log('after the first wait', retry.attempts);

scheduleAttempt();
await new Promise((resolve) => setTimeout(resolve, 1));
await new Promise((resolve) => setTimeout(resolve, 5));
console.log('after the second wait', retry.attempts);
