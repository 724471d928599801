// expect: none
// A tick and a microtask queued before an `await null` run before the flow
// resumes, and so before the timer it sets afterwards: Node empties both
// queues before it starts any timer. The read after the sleep is ordered
// after both writes (rule 8 across the turn, not only the queueing segment).
import { setTimeout as sleep } from 'node:timers/promises';

const flags = { tick: false, micro: false };
process.nextTick(() => {
  flags.tick = true;
});
queueMicrotask(() => {
  flags.micro = true;
});
await null;
await sleep(1);
console.log('tick', flags.tick, 'micro', flags.micro);
