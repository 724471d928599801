// expect: race
// A print spooler takes jobs off the front of its queue with shift() when
// the printer reports ready. A status endpoint waits for a refresh tick and
// then shows the job at the head of the queue by index: whether that is the
// job the printer just took depends on which timer fired first.
import { setTimeout as sleep } from 'node:timers/promises';

const queue = [{ id: 1, pages: 3 }, { id: 2, pages: 1 }];
const printed = [];

setTimeout(() => {
  printed.push(queue.shift()); // race
}, 2);

async function status() {
  await sleep(4);
  const head = queue[0]; // race
  return head === undefined ? 'idle' : `next #${head.id}`;
}

console.log('status', (await status()).length > 0);
