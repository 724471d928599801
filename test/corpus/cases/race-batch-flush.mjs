// expect: race
// An analytics client buffers events in an array and flushes them in batches.
// flush() copies the buffer, awaits the upload, then truncates the array: an
// event tracked while the upload is in flight is wiped without being sent.
import { setTimeout as sleep } from 'node:timers/promises';

const buffer = [];
const sent = [];

function track(event) {
  buffer.push(event); // race
}

async function upload(batch) {
  await sleep(4);
  sent.push(...batch);
}

async function flush() {
  const batch = buffer.slice(); // race
  if (batch.length === 0) return 0;
  await upload(batch);
  buffer.length = 0; // race
  return batch.length;
}

track('open');
track('click');
setTimeout(() => track('scroll'), 1);
await flush();
track('close');
await flush();
console.log('flushes done');
