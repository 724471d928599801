// expect: none
// A log shipper counts bytes from a Readable with for await: the loop pulls
// the next chunk only after the previous one is shipped, so the running total
// is read and written by one flow in order.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const totals = { bytes: 0, chunks: 0 };
const source = Readable.from(['GET /a 200\n', 'GET /b 404\n', 'POST /c 201\n']);

for await (const line of source) {
  const bytes = totals.bytes;
  await sleep(2); // ship the line
  totals.bytes = bytes + line.length;
  totals.chunks++;
}
console.log('source drained');
console.log('shipped', totals.chunks, 'lines,', totals.bytes, 'bytes');
