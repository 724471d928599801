// expect: none
// As race-waitlist-stale-index.mjs, but cancel() looks the party up again after the SMS and splices
// at the index it finds then: the host seating the first party meanwhile moves nobody it removes.
import { setTimeout as sleep } from 'node:timers/promises';

const waiting = [{ id: 'ann' }, { id: 'bob' }, { id: 'cy' }];

async function cancel(id) {
  if (waiting.findIndex((p) => p.id === id) < 0) return;
  await sleep(4); // send "cancelled" SMS
  const i = waiting.findIndex((p) => p.id === id);
  if (i >= 0) waiting.splice(i, 1);
}

async function seatNext() {
  await sleep(1); // table frees up
  return waiting.shift();
}

const [, seated] = await Promise.all([cancel('bob'), seatNext()]);
console.log('seated', seated.id, 'waiting', waiting.map((p) => p.id).join(','));
