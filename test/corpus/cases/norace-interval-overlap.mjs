// expect: none
// The same sync job without overlap: each run schedules the next one with
// setTimeout only after its page has been stored, so a run always starts from
// the cursor the previous run wrote.
import { setTimeout as sleep } from 'node:timers/promises';

const sync = { cursor: 0, batches: 0 };

async function fetchPage(cursor) {
  await sleep(6);
  return [cursor + 1, cursor + 2, cursor + 3];
}

async function tick() {
  const cursor = sync.cursor;
  const rows = await fetchPage(cursor);
  sync.cursor = cursor + rows.length;
  if (++sync.batches < 2) setTimeout(tick, 1);
  else console.log('synced', sync.batches, 'batches, cursor', sync.cursor);
}

setTimeout(tick, 1);
