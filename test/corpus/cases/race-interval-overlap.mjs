// expect: race
// A sync job runs on setInterval with an async callback. Fetching a page takes
// longer than the interval, so the next tick starts while the previous one is
// still awaiting: both read the same cursor and one page's progress is lost.
import { setTimeout as sleep } from 'node:timers/promises';

const sync = { cursor: 0, batches: 0 };
let ticks = 0;

async function fetchPage(cursor) {
  await sleep(6);
  return [cursor + 1, cursor + 2, cursor + 3];
}

const timer = setInterval(async () => {
  if (++ticks === 2) clearInterval(timer);
  const cursor = sync.cursor; // race
  const rows = await fetchPage(cursor);
  sync.cursor = cursor + rows.length; // race
  if (++sync.batches === 2) console.log('synced', sync.batches, 'batches');
}, 1);
