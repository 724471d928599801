// expect: none
// Report rows are built locally, then handed to a shared cache so other
// requests can reuse them. Each request bumps the row's hit count in one
// synchronous step before its awaited audit call, so no update is lost.
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
  row.hits++;
  await audit();
}

await Promise.all([request('daily'), request('daily')]);
console.log('hits', cache.get('daily').hits);
