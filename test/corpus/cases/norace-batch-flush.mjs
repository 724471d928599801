// expect: none
// An analytics client buffers events in an array and flushes them in batches.
// flush() takes the pending events out of the array in one synchronous splice
// before awaiting the upload, so an event tracked meanwhile waits for the next
// flush.
import { setTimeout as sleep } from 'node:timers/promises';

const buffer = [];
const sent = [];

function track(event) {
  buffer.push(event);
}

async function upload(batch) {
  await sleep(4);
  sent.push(...batch);
}

async function flush() {
  const batch = buffer.splice(0, buffer.length);
  if (batch.length === 0) return 0;
  await upload(batch);
  return batch.length;
}

track('open');
track('click');
setTimeout(() => track('scroll'), 1);
await flush();
track('close');
await flush();
console.log('events sent', sent.length);
