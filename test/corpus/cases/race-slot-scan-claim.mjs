// expect: race
// A pool of 200 slots, the first ten busy. Two workers each scan for the first free slot, wait for
// their connection to open, then claim the slot they found: both found slot 10, and one claim
// overwrites the other.
// Fixed twin: norace-slot-scan-claim.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const slots = Array.from({ length: 200 }, (_, i) => (i < 10 ? `busy${i}` : null));

function firstFree() {
  for (let i = 0; i < slots.length; i++) if (slots[i] === null) return i; // race
  return -1;
}

async function connect(worker, ms) {
  const slot = firstFree();
  await sleep(ms); // opening the connection
  slots[slot] = worker; // race
  return slot;
}

const claimed = await Promise.all([connect('a', 2), connect('b', 4)]);
console.log('claimed', claimed.join(','), 'slot 10 holds', slots[10]);
