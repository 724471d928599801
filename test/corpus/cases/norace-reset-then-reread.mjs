// expect: none
// The same limiter, but the flow re-reads the counter after the await instead of trusting the value
// it read before it: the increment made in between is kept.
const limiter = { count: 5 };

async function audit() {
  await null;
}

async function rollWindow() {
  await null;
  limiter.count = 0;
  const seen = limiter.count;
  await audit();
  limiter.count = Math.max(seen, limiter.count) + 1;
}

async function countRequest() {
  await null;
  await null;
  limiter.count = limiter.count + 1;
}

await Promise.all([rollWindow(), countRequest()]);
console.log(`count ${limiter.count}`);
