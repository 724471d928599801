// expect: race
// A log shipper counts bytes from a Readable with an async 'data' listener.
// The stream does not wait for the listener's promise, so chunks are processed
// concurrently and the running total read before each await is written back stale.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const totals = { bytes: 0, chunks: 0 };
const source = Readable.from(['GET /a 200\n', 'GET /b 404\n', 'POST /c 201\n']);

source.on('data', async (line) => {
  const bytes = totals.bytes; // race
  await sleep(2); // ship the line
  totals.bytes = bytes + line.length; // race
  if (++totals.chunks === 3) console.log('shipped', totals.chunks, 'lines');
});
source.on('end', () => console.log('source drained'));
