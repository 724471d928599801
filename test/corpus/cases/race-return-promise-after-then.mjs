// expect: race
// As norace-return-promise-after-then.mjs, but the cache is filled one timer later than the fetch
// settles (`then` schedules the store): the caller's read after awaiting the returned promise comes
// before the store or after it depending on timing.
import { setTimeout as sleep } from 'node:timers/promises';

const cache = new Map();

async function fetchUser(id) {
  await sleep(2);
  return { id, name: `user${id}` };
}

async function loadUser(id) {
  const p = fetchUser(id);
  p.then((u) => setTimeout(() => cache.set(id, u), 1)); // race
  return p;
}

const a = await loadUser(1);
console.log('first', a.name, cache.has(1)); // race
await sleep(10);
console.log('later', cache.get(1) === a);
