// expect: none
// A test starts a fake login and a page render, each after `await sleep(5)`.
// Both timers have the same delay and are set in one segment, so Node runs the
// login's timer first and drains its continuation (a microtask) before the
// render's timer fires: the page always sees the user.
import { setTimeout as sleep } from 'node:timers/promises';

const state = { user: null };

async function login() {
  await sleep(5);
  state.user = 'ann';
}

async function renderPage() {
  await sleep(5);
  return `hello ${state.user}`;
}

const [, page] = await Promise.all([login(), renderPage()]);
console.log(page);
