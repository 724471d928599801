// expect: none
// A background job sets a module `let` flag when it finishes; an interval
// checks the flag on every tick and stops itself once it is set. The job is
// quick, so the very first tick already sees the flag: that read is the poll's
// test (the branch stops the timer) as much as the reads of later ticks would
// have been, the same as when the flag is a property of an object.
import { setTimeout as sleep } from 'node:timers/promises';

let done = false;

async function work() {
  await sleep(1);
}

const seen = await new Promise((resolve) => {
  const timer = setInterval(() => {
    if (done) {
      clearInterval(timer);
      resolve(done);
    }
  }, 10);
  (async () => {
    await work();
    done = true;
  })();
});
console.log('seen', seen);
