// expect: race
// Report rows are built locally, then handed to a shared cache so other
// requests can reuse them. Each request then tops up the row's hit count with
// a read, an awaited audit call and a write: two requests for the same report
// lose one of the updates.
import { setImmediate as nextLoop } from 'node:timers/promises';

const cache = new Map();

function buildRow(key) {
  const row = {};
  row.key = key;
  row.hits = 0;
  row.tags = [];
  row.tags.push('fresh');
  return row;
}

async function audit() {
  await nextLoop();
}

async function request(key) {
  let row = cache.get(key);
  if (row === undefined) {
    row = buildRow(key);
    cache.set(key, row);
  }
  const hits = row.hits; // race
  await audit();
  row.hits = hits + 1; // race
}

await Promise.all([request('daily'), request('daily')]);
console.log('hits', cache.get('daily').hits);
