// expect: race
// Two readers each drain their own event generator; every generator counts what it emitted in a
// shared stats object with a read, an await and a write back, so the two generators' updates
// overwrite each other.
const stats = { emitted: 0 };

async function* events(n) {
  for (let i = 0; i < n; i++) {
    const seen = stats.emitted; // race
    await new Promise((r) => setImmediate(r));
    stats.emitted = seen + 1; // race
    yield i;
  }
}

async function reader() {
  const got = [];
  for await (const e of events(3)) got.push(e);
  return got.length;
}

const [x, y] = await Promise.all([reader(), reader()]);
console.log(x, y, stats.emitted);
