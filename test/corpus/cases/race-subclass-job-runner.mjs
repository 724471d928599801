// expect: race
// The same job runner, but the counting job is started beside the fetch instead of from its `then`:
// whether the fetch reads the count before or after it changes depends on timing.
class Tracked extends Promise {}

const state = { jobs: 0, last: '' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(job) {
  return new Tracked((resolve, reject) => job().then(resolve, reject));
}

async function fetchJob() {
  // Long enough that a loaded machine still runs the immediate first: the output stays the same.
  await sleep(50);
  state.last = `fetched after ${state.jobs} jobs`; // race
}

async function countJob() {
  await new Promise((r) => setImmediate(r));
  state.jobs = state.jobs + 1; // race
}

async function main() {
  const fetched = run(fetchJob).then(() => 'done');
  await run(countJob);
  console.log(await fetched, state.last);
}

main();
