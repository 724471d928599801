// expect: race
// As norace-then-chain-poll.mjs, but the then-chain does not poll: it waits once, long enough in
// practice, and reads the result, which nothing orders after the job's write.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const job = { status: 'pending', result: null };
setTimeout(() => {
  job.result = 42; // race
  job.status = 'done';
}, 20);

setTimeout(() => {
  sleep(60).then(() => console.log('result', job.result)); // race
}, 1);
