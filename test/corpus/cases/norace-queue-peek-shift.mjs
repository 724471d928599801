// expect: none
// A print spooler takes jobs off the front of its queue with shift(). It
// reads the job at the head and takes it in one synchronous step, pausing
// between batches; the status report runs once the spooler is done. A long
// queue drained job by job stays cheap to watch.
import { setTimeout as sleep } from 'node:timers/promises';

const queue = [];
for (let i = 0; i < 20000; i++) queue.push({ id: i, pages: (i % 5) + 1 });
let pages = 0;

async function printer() {
  await sleep(2);
  while (queue.length > 0) {
    const head = queue[0];
    pages += head.pages;
    queue.shift();
    if (head.id % 1000 === 999) await sleep(0);
  }
}

async function status() {
  await sleep(1);
  return queue.length === 0 ? 'idle' : `next #${queue[0].id}`;
}

await printer();
console.log('pages', pages, 'status', await status());
