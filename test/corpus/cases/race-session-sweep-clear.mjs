// expect: race
// Sessions live in a Map that a maintenance timer empties with clear(). A
// request handler waits for its body (a short sleep) and then looks its
// session up: whether it still finds the session depends on which timer
// fires first.
import { setTimeout as sleep } from 'node:timers/promises';

const sessions = new Map([['s1', { user: 'ann' }], ['s2', { user: 'bob' }]]);

setTimeout(() => {
  sessions.clear(); // race
}, 3);

async function handle(sid) {
  await sleep(5);
  const session = sessions.get(sid); // race
  return session === undefined ? 'login' : 'ok';
}

const answer = await handle('s1');
console.log('handled', answer.length > 0);
