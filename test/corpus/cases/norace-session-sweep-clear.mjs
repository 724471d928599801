// expect: none
// Sessions live in a Map that a maintenance step empties with clear(). The
// request handler runs after the maintenance step has finished (it awaits
// it), so it always sees the emptied Map; sessions added afterwards are
// looked up in the same way.
import { setTimeout as sleep } from 'node:timers/promises';

const sessions = new Map([['s1', { user: 'ann' }], ['s2', { user: 'bob' }]]);

async function maintenance() {
  await sleep(3);
  sessions.clear();
}

async function handle(sid) {
  await sleep(5);
  const session = sessions.get(sid);
  return session === undefined ? 'login' : 'ok';
}

await maintenance();
sessions.set('s3', { user: 'cid' });
const answers = await Promise.all([handle('s1'), handle('s3')]);
console.log('handled', answers.join(' '));
