// Soak: 1,000,000 short request-like async tasks, run in batches of BATCH concurrent tasks. Each task
// creates a short-lived object, puts it in a shared Map under its own key, awaits a fake store call,
// reads it back, updates a few bounded counters and deletes its entry again. Every SAMPLE_EVERY ops it
// forces a full GC (needs --expose-gc) and records heapUsed, so a leak in per-object, per-key or
// per-flow state shows up as a rising series. Prints a {"sample": ...} JSON line per sample as it
// goes, and one JSON line with the result (and the whole series) at the end.
const OPS = Number(process.env.BENCH_SOAK_OPS) || 1_000_000;
const BATCH = 100;
const SAMPLE_EVERY = Number(process.env.BENCH_SOAK_SAMPLE) || 100_000;
if (typeof global.gc !== 'function') throw new Error('soak.mjs needs --expose-gc');

const inflight = new Map();            // request id -> short-lived request object
const perRoute = new Map();            // bounded: 16 routes
const totals = { done: 0, bytes: 0, maxInflight: 0 };

async function storeCall(value) {
  await null;
  return value * 3 + 1;
}

async function task(id) {
  const req = { id, route: '/r/' + (id & 15), body: { n: id % 1000, tags: ['t' + (id % 7)] } };
  inflight.set(id, req);
  if (inflight.size > totals.maxInflight) totals.maxInflight = inflight.size;
  const v = await storeCall(req.body.n);
  const mine = inflight.get(id);
  perRoute.set(mine.route, (perRoute.get(mine.route) ?? 0) + v);
  totals.done++;
  totals.bytes += mine.route.length + mine.body.tags[0].length;
  inflight.delete(id);
  return v & 7;
}

function heapSample(ops, t0) {
  global.gc();
  const { heapUsed } = process.memoryUsage();
  return { ops, heapMB: +(heapUsed / 1048576).toFixed(2), rssMB: +(process.memoryUsage().rss / 1048576).toFixed(1), s: +((performance.now() - t0) / 1000).toFixed(2) };
}

const samples = [];
const t0 = performance.now();
let acc = 0;
for (let done = 0; done < OPS; ) {
  const n = Math.min(BATCH, OPS - done);
  const batch = new Array(n);
  for (let i = 0; i < n; i++) batch[i] = task(done + i);
  for (const r of await Promise.all(batch)) acc = (acc + r) % 1000000007;
  done += n;
  if (done % SAMPLE_EVERY === 0) {
    samples.push(heapSample(done, t0));
    // One line per sample as it is taken, so the series survives a crash (e.g. out of memory).
    console.log(JSON.stringify({ sample: samples.at(-1) }));
  }
}
const ms = performance.now() - t0;
let routeSum = 0;
for (const [k, v] of [...perRoute.entries()].sort()) routeSum = (routeSum * 31 + v + k.length) % 1000000007;
const check = [totals.done, totals.bytes, totals.maxInflight, inflight.size, perRoute.size, routeSum, acc].join(':');
console.log(JSON.stringify({ ms, check, maxRSS: process.resourceUsage().maxRSS, samples }));
