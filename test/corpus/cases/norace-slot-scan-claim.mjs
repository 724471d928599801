// expect: none
// race-slot-scan-claim.mjs fixed: a worker claims the slot in the same step it finds it, and opens
// its connection afterwards; a slot is never handed out twice.
import { setTimeout as sleep } from 'node:timers/promises';

const slots = Array.from({ length: 200 }, (_, i) => (i < 10 ? `busy${i}` : null));

function firstFree() {
  for (let i = 0; i < slots.length; i++) if (slots[i] === null) return i;
  return -1;
}

async function connect(worker, ms) {
  const slot = firstFree();
  slots[slot] = worker;
  await sleep(ms); // opening the connection
  return slot;
}

const claimed = await Promise.all([connect('a', 2), connect('b', 4)]);
let busy = 0;
for (let i = 0; i < slots.length; i++) if (slots[i] !== null) busy++;
console.log('claimed', claimed.join(','), 'busy', busy);
