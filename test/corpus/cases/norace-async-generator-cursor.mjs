// expect: none
// The same paging generator over a module-level cursor as race-async-generator-cursor, but the
// two exports run one after the other: the second starts after the first has finished, so each
// read-await-write of the cursor is ordered after the other's.
import { setTimeout as sleep } from 'node:timers/promises';

const table = Array.from({ length: 8 }, (_, i) => `row${i}`);
let cursor = 0;

async function* pages(size, latency) {
  while (true) {
    const start = cursor;
    await sleep(latency);
    const page = table.slice(start, start + size);
    if (page.length === 0) return;
    cursor = start + size;
    yield page;
    if (start + size >= 4) return;
  }
}

async function exportTo(name, latency) {
  const got = [];
  for await (const page of pages(2, latency)) got.push(...page);
  return got.length;
}

const first = await exportTo('s3', 3);
cursor = 0;
const second = await exportTo('gcs', 5);
console.log('exported rows', first, second, 'cursor', cursor);
