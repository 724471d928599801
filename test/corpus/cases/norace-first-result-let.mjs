// expect: none
// Three mirrors are asked for the same file, and the first answer wins: each
// request, once its answer arrives, stores it in the module-level `winner` only
// if nobody has (`if (!winner) winner = ...`, one synchronous step). The client
// is opened lazily with a double check: a caller that finds another's client
// after its own connect finished closes its own and uses the stored one.
import { setTimeout as sleep } from 'node:timers/promises';

let winner;
let fallback;
let client;
let closed = 0;

async function ask(mirror, ms) {
  const body = await sleep(ms, `${mirror}:body`);
  if (!winner) winner = body;
  fallback ??= body;
}

async function connect() {
  await sleep(2);
  return { close() { closed++; } };
}

async function getClient() {
  if (!client) {
    const c = await connect();
    if (!client) client = c;
    else c.close();
  }
  return client;
}

await Promise.all([ask('eu', 3), ask('us', 1), ask('asia', 6)]);
const clients = await Promise.all([getClient(), getClient(), getClient()]);
console.log('answered', winner !== undefined, fallback !== undefined, 'clients', new Set(clients).size, 'closed', closed);
