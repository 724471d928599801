// expect: none
// A loader that starts a fetch, files the result in a cache from a `then` on the fetch's promise, and
// returns that same promise - from an async function, from a `then` callback, and through
// `new Promise(resolve => resolve(p))`. The caller awaits the returned promise and reads the cache:
// V8 adopts the returned promise by registering a reaction on it after the cache's, so the cache is
// filled before the caller resumes, in every run.
// Race twin: race-return-promise-after-then.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const cache = new Map();
const log = [];

async function fetchUser(id) {
  await sleep(2);
  return { id, name: `user${id}` };
}

async function loadUser(id) {
  const p = fetchUser(id);
  p.then((u) => cache.set(id, u));
  return p;
}

async function loadLater(id) {
  await sleep(1);
  const p = fetchUser(id);
  p.then((u) => cache.set(id, u));
  return p;
}

function loadWrapped(id) {
  const p = fetchUser(id);
  p.then((u) => log.push(u.id));
  return new Promise((resolve) => resolve(p));
}

function loadChained(id) {
  const p = fetchUser(id);
  p.then((u) => log.push(u.id));
  return Promise.resolve().then(() => p);
}

const a = await loadUser(1);
console.log('first', a.name, cache.get(1) === a);
const b = await loadLater(2);
console.log('second', b.name, cache.get(2) === b);
const c = await loadWrapped(3);
console.log('third', c.name, log.includes(3));
const d = await loadChained(4);
console.log('fourth', d.name, log.includes(4), log.length);
