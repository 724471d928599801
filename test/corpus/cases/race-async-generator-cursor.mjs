// expect: race
// Two exporters page through the same table with an async generator that keeps its
// paging position in a module-level `let cursor`. Each step reads cursor, awaits the
// page fetch and writes start+size back: both generators read 0, so pages are
// exported twice (each exporter gets 4 of the 8 rows, overlapping).
import { setTimeout as sleep } from 'node:timers/promises';

const table = Array.from({ length: 8 }, (_, i) => `row${i}`);
let cursor = 0;

async function* pages(size, latency) {
  while (true) {
    const start = cursor; // race
    await sleep(latency);
    const page = table.slice(start, start + size);
    if (page.length === 0) return;
    cursor = start + size; // race
    yield page;
    if (start + size >= 4) return;
  }
}

async function exportTo(name, latency) {
  const got = [];
  for await (const page of pages(2, latency)) got.push(...page);
  return got.length;
}

const counts = await Promise.all([exportTo('s3', 3), exportTo('gcs', 5)]);
console.log('exported rows', counts.join('/'), 'cursor', cursor);
