// A worker started after the detector's loader thread gets V8's default young generation, as does the
// main thread: the loader's larger one (loader/register-hooks.ts) must not leak into the program. Each
// thread keeps about 20 MB of young objects alive at a time, which grows its new space to its limit,
// and prints the largest size it saw. (The probe is a string, evaluated in both threads: eval'd code
// runs uninstrumented, as it would without the detector.)
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';

const probe = `
  const keep = [];
  let largest = 0;
  for (let i = 0; i < 120; i++) {
    const batch = [];
    for (let j = 0; j < 20000; j++) batch.push({ j, s: 'x' + j });
    keep.push(batch);
    if (keep.length > 20) keep.shift();
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    largest = Math.max(largest, space.space_size);
  }
  return Math.round(largest / 1048576);
`;

const worker = new Worker(`const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage((() => {${probe}})());`, { eval: true });
worker.on('message', (mb) => {
  console.log(`worker new space grew to ${mb} MB`);
  console.log(`main new space grew to ${new Function('v8', probe)(v8)} MB`);
});
