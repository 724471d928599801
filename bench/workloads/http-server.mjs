// An in-process node:http server (127.0.0.1, port 0) with Map-based sessions, counters, JSON bodies
// and one awaited store call per request, driven by an in-process keep-alive client (http.Agent
// keepAlive, maxSockets 8) that keeps 8 requests in flight. The measured phase is the request phase
// after a short warm-up. The check value only combines order-independent quantities, so it is the same
// however the 8 connections interleave. Prints one JSON line at the end.
import http from 'node:http';

const REQUESTS = Number(process.env.BENCH_HTTP_REQUESTS) || 6000;
const WARMUP = 300;
const CONCURRENCY = 8;
const USERS = 64;

// ---- server ---------------------------------------------------------------------------------------
const sessions = new Map(); // user -> { user, visits, cart: Map<sku, qty>, total }
const counters = { requests: 0, reads: 0, writes: 0, bytesIn: 0 };
const routeHits = new Map();

// A fake store: every call is awaited and resolves on a later turn with a copy of what it holds.
const store = {
  rows: new Map(),
  async load(user) {
    await null;
    const row = this.rows.get(user);
    return row === undefined ? { user, loads: 1 } : { ...row, loads: row.loads + 1 };
  },
  async save(user, row) {
    await null;
    this.rows.set(user, row);
    return true;
  },
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const [, route, user] = url.pathname.split('/');
  routeHits.set(route, (routeHits.get(route) ?? 0) + 1);
  counters.requests++;
  if (route === 'cart' && req.method === 'POST') {
    const text = await readBody(req);
    counters.bytesIn += text.length;
    const body = JSON.parse(text);
    const row = await store.load(user);
    // After the await: read and update the session in one synchronous stretch.
    let session = sessions.get(user);
    if (session === undefined) {
      session = { user, visits: 0, cart: new Map(), total: 0 };
      sessions.set(user, session);
    }
    session.visits++;
    for (const item of body.items) {
      session.cart.set(item.sku, (session.cart.get(item.sku) ?? 0) + item.qty);
      session.total += item.qty * item.price;
    }
    counters.writes++;
    await store.save(user, { user, loads: row.loads, lastSize: body.items.length });
    send(res, 200, { ok: true, user, items: body.items.length, echo: body.seq });
  } else if (route === 'session' && req.method === 'GET') {
    await store.load(user);
    counters.reads++;
    const session = sessions.get(user);
    send(res, 200, { user, known: session !== undefined, skus: [0, 1, 2].map((s) => 'sku-' + s) });
  } else {
    send(res, 404, { error: 'not found', route });
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => send(res, 500, { error: String(e) }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

// ---- client ---------------------------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(method, path, payload) {
  return new Promise((resolve, reject) => {
    const data = payload === undefined ? undefined : JSON.stringify(payload);
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const received = { ok: 0, echoSum: 0, itemSum: 0, known: 0, notFound: 0 };
async function one(i) {
  const user = 'user-' + (i % USERS);
  if (i % 5 === 4) {
    const r = await request('GET', '/session/' + user);
    if (r.body.known) received.known++;
  } else if (i % 97 === 96) {
    const r = await request('GET', '/nope/' + user);
    if (r.status === 404) received.notFound++;
  } else {
    const items = [];
    for (let k = 0; k < 1 + (i % 4); k++) items.push({ sku: 'sku-' + ((i + k) % 10), qty: 1 + (k % 3), price: 5 + ((i * 7 + k) % 20) });
    const r = await request('POST', '/cart/' + user, { seq: i, items, note: 'request number ' + i });
    if (r.body.ok) received.ok++;
    received.echoSum += r.body.echo;
    received.itemSum += r.body.items;
  }
}

// Keeps CONCURRENCY requests in flight: each worker takes the next index when its request finished.
async function drive(from, to) {
  let next = from;
  const worker = async () => {
    while (next < to) await one(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

await drive(0, WARMUP);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await drive(WARMUP, WARMUP + REQUESTS);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;

agent.destroy();
await new Promise((resolve) => server.close(resolve));

let visits = 0, total = 0, qty = 0;
for (const s of sessions.values()) {
  visits += s.visits;
  total += s.total;
  for (const q of s.cart.values()) qty += q;
}
const check = [counters.requests, counters.reads, counters.writes, counters.bytesIn, sessions.size, visits, total, qty, store.rows.size,
  received.ok, received.echoSum, received.itemSum, received.notFound, [...routeHits.entries()].sort().join(',')].join(':');
console.log(JSON.stringify({ ms, cpuMs, check, maxRSS: process.resourceUsage().maxRSS }));
