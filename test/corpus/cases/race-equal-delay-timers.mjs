// expect: race
// The same retry, but the caller waits 4 ms instead of 5 after its 1 ms
// pause: the two timers have different delays, so nothing orders the
// attempt's update before the caller's read (it fires later in most runs).
const retry = { attempts: 0 };

function scheduleAttempt() {
  setTimeout(() => {
    retry.attempts++; // race
  }, 5);
}

scheduleAttempt();
await new Promise((resolve) => setTimeout(resolve, 1));
await new Promise((resolve) => setTimeout(resolve, 4));
console.log('attempts seen', retry.attempts >= 0); // race
