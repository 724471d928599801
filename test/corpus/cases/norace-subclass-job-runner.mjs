// expect: none
// A job runner that hands out a Promise subclass (a "tracked" promise) for each job and starts the
// next job from the previous one's `then` or `finally`, or after awaiting it: each job runs after
// the one before it ended, even when that one finished on a timer or an immediate.
class Tracked extends Promise {}

const state = { jobs: 0, last: '' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(job) {
  return new Tracked((resolve, reject) => job().then(resolve, reject));
}

async function fetchJob() {
  await sleep(5);
  state.last = `fetched after ${state.jobs} jobs`;
}

async function countJob() {
  await new Promise((r) => setImmediate(r));
  state.jobs = state.jobs + 1;
}

async function main() {
  await run(fetchJob);
  await run(countJob);
  await run(fetchJob).then(() => run(countJob));
  await run(fetchJob).finally(() => run(countJob));
  console.log(state.jobs, state.last);
}

main();
