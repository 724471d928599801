// expect: none
// A status poll written as a then-chain, as a test runner's poll helper may be: check at once, then
// after each short delay check again until the job reports done. Every check re-reads the status at
// the same place, so a write landing between two checks is what the poll waits for, not a race
// (SPEC §1: re-reading until the value changes is polling).
// Race twin: race-then-chain-poll.mjs.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const job = { status: 'pending', result: null };
setTimeout(() => {
  job.result = 42;
  job.status = 'done';
}, 20);

function status() {
  return job.status;
}
function poll() {
  if (status() === 'done') return Promise.resolve('done');
  return sleep(3).then(poll);
}

setTimeout(() => {
  poll().then((seen) => console.log('status', seen));
}, 1);
