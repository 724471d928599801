// expect: race
// A generator and its consumer share one object, as in norace-async-generator-handover, but two
// consumers run at once: each drives its own generator, and both generators read the shared
// counter, await, and write it back, so one generator's update overwrites the other's.
const shared = { n: 0, log: [], pos: 0 };
const tick = () => new Promise((r) => setImmediate(r));

async function* numbers(k) {
  for (let i = 0; i < k; i++) {
    const cur = shared.n; // race
    await tick();
    shared.n = cur + 1; // race
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

const [a, b] = await Promise.all([consume(), consume()]);
console.log(a, b, shared.n, shared.log.length, shared.pos);
