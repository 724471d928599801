// expect: race
// stdout: alice: 1 tab(s) open after 3 connects
// `npm run demo`: a dashboard server counts each user's open browser tabs in a
// Map guarded by a Mutex, but the handler drops the lock too early. It reads
// the client's entry under the lock, awaits the session store with the lock
// released, then writes the entry back: three tabs connecting at the same time
// all read "0 tabs" and each writes "1 tab" (a lost update).
// Fixed twin: dashboard-clients-fixed.mjs.
import http from 'node:http';
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const clients = new Map(); // user id -> { tabs, theme }
const clientsLock = new Mutex(); // meant to guard `clients`

// A simulated session store round trip (Redis, a database...).
async function loadSession(id) {
  await sleep(40);
  return { id, theme: 'dark' };
}

// GET /connect?id=alice: a browser tab opens the dashboard.
const server = http.createServer(async (req, res) => {
  const id = new URL(req.url, 'http://localhost').searchParams.get('id');
  const release = await clientsLock.acquire();
  const client = clients.get(id); // race
  release(); // BUG: the lock is released before the write-back below
  const session = await loadSession(id); // other requests read `clients` here
  clients.set(id, { tabs: (client?.tabs ?? 0) + 1, theme: session.theme }); // race
  res.end('connected');
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/connect?id=alice`;

// Three tabs of the same user connect at once.
await Promise.all([1, 2, 3].map(() => fetch(url).then((r) => r.text())));
await new Promise((resolve) => server.close(resolve));
console.log(`alice: ${clients.get('alice').tabs} tab(s) open after 3 connects`);
