// expect: race
// A rate limiter resets its window counter, reads the value it just wrote back into a local, awaits
// the audit log, and stores the local plus one. A request counted in between (another flow's
// increment) is lost. The read follows the flow's own write in one synchronous stretch, and it still
// starts the read-await-write window.
const limiter = { count: 5 };

async function audit() {
  await null;
}

async function rollWindow() {
  await null;
  limiter.count = 0;
  const seen = limiter.count; // race
  await audit();
  limiter.count = seen + 1; // race
}

async function countRequest() {
  await null;
  await null;
  limiter.count = limiter.count + 1; // race
}

await Promise.all([rollWindow(), countRequest()]);
console.log(`count ${limiter.count}`);
