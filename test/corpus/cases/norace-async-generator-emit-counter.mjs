// expect: none
// Two readers each drain their own event generator, one after the other; every generator counts
// what it emitted in a shared stats object with a read, an await and a write back, but the second
// generator starts after the first has finished, so no update is lost.
const stats = { emitted: 0 };

async function* events(n) {
  for (let i = 0; i < n; i++) {
    const seen = stats.emitted;
    await new Promise((r) => setImmediate(r));
    stats.emitted = seen + 1;
    yield i;
  }
}

async function reader() {
  const got = [];
  for await (const e of events(3)) got.push(e);
  return got.length;
}

const x = await reader();
const y = await reader();
console.log(x, y, stats.emitted);
