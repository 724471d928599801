// expect: race
// A restaurant wait list: cancel() finds the party's index, awaits the SMS that
// confirms the cancellation, then splices at the index it found. If the host seats
// the first party meanwhile (shift), the index is stale and the wrong party is
// removed from the list.
// Race-free twin: norace-waitlist-stale-index.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const waiting = [{ id: 'ann' }, { id: 'bob' }, { id: 'cy' }];

async function cancel(id) {
  const i = waiting.findIndex((p) => p.id === id); // race
  if (i < 0) return;
  await sleep(4); // send "cancelled" SMS
  waiting.splice(i, 1); // race
}

async function seatNext() {
  await sleep(1); // table frees up
  return waiting.shift(); // race
}

await Promise.all([cancel('bob'), seatNext()]);
console.log('wait list updated');
