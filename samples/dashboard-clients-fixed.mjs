// expect: none
// stdout: alice: 3 tab(s) open after 3 connects
// The fixed twin of dashboard-clients.mjs: the whole read-await-write of a
// client's entry runs under the Mutex, so concurrent connects of one user queue
// up and each one sees the previous one's write.
import http from 'node:http';
import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';

const clients = new Map(); // user id -> { tabs, theme }
const clientsLock = new Mutex(); // guards `clients`

// A simulated session store round trip (Redis, a database...).
async function loadSession(id) {
  await sleep(40);
  return { id, theme: 'dark' };
}

// GET /connect?id=alice: a browser tab opens the dashboard.
const server = http.createServer(async (req, res) => {
  const id = new URL(req.url, 'http://localhost').searchParams.get('id');
  // FIX: hold the lock from the read to the write-back.
  await clientsLock.runExclusive(async () => {
    const client = clients.get(id);
    const session = await loadSession(id);
    clients.set(id, { tabs: (client?.tabs ?? 0) + 1, theme: session.theme });
  });
  res.end('connected');
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/connect?id=alice`;

// Three tabs of the same user connect at once.
await Promise.all([1, 2, 3].map(() => fetch(url).then((r) => r.text())));
await new Promise((resolve) => server.close(resolve));
console.log(`alice: ${clients.get('alice').tabs} tab(s) open after 3 connects`);
