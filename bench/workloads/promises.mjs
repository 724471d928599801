// Many short async functions with awaits, fanned out with Promise.all: ROUNDS (300) rounds of 2000 calls of
// a three-level async chain (handler -> fetchUser -> lookup), each level awaiting at least once, with
// the results joined and folded into a per-round summary. Deterministic. Prints one JSON line.
const ROUNDS = Number(process.env.BENCH_PROMISE_ROUNDS) || 300;
const FANOUT = Number(process.env.BENCH_PROMISE_FANOUT) || 2000;

const users = new Map();
for (let i = 0; i < 500; i++) users.set(i, { id: i, name: 'user' + i, tier: i % 4, credits: (i * 37) % 101 });
const prices = [3, 5, 8, 13, 21];

async function lookup(id) {
  await null;
  return users.get(id % 500);
}

async function fetchUser(id) {
  const user = await lookup(id);
  const price = await Promise.resolve(prices[user.tier]);
  return { id: user.id, name: user.name, cost: price * (1 + (id % 3)), credits: user.credits };
}

async function handler(round, i) {
  const u = await fetchUser(round * 7 + i);
  if (u.cost > u.credits) return { ok: false, id: u.id, cost: 0 };
  return { ok: true, id: u.id, cost: u.cost };
}

async function runRound(round) {
  const calls = new Array(FANOUT);
  for (let i = 0; i < FANOUT; i++) calls[i] = handler(round, i);
  const results = await Promise.all(calls);
  let ok = 0, cost = 0, ids = 0;
  for (const r of results) {
    if (r.ok) ok++;
    cost += r.cost;
    ids = (ids * 31 + r.id) % 1000000007;
  }
  return { ok, cost, ids };
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let okSum = 0, costSum = 0, idHash = 0;
for (let round = 0; round < ROUNDS; round++) {
  const s = await runRound(round);
  okSum += s.ok;
  costSum += s.cost;
  idHash = (idHash * 131 + s.ids) % 1000000007;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(JSON.stringify({ ms, cpuMs, check: `${ROUNDS * FANOUT}:${okSum}:${costSum}:${idHash}`, maxRSS: process.resourceUsage().maxRSS }));
