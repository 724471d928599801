// expect: none
// A generator and its consumer share one object: the generator updates a counter across an await
// before each yield, and the consumer reads it, iterates, and writes its own total back after the
// loop. Each value passes from one to the other through the yield and the next() call, and the
// two consumers run one after the other: nothing here runs unordered.
const shared = { n: 0, log: [], pos: 0 };
const tick = () => new Promise((r) => setImmediate(r));

async function* numbers(k) {
  for (let i = 0; i < k; i++) {
    const cur = shared.n;
    await tick();
    shared.n = cur + 1;
    shared.pos = i;
    yield i;
  }
}

async function consume() {
  const before = shared.n;
  let total = 0;
  for await (const x of numbers(3)) {
    total += x + shared.pos;
    shared.log.push(x);
    await null;
  }
  shared.n = before + 100 + shared.n;
  const it = numbers(2);
  const first = await it.next();
  shared.pos = first.value;
  await it.return();
  return total;
}

const a = await consume();
const b = await consume();
console.log(a, b, shared.n, shared.log.length, shared.pos);
