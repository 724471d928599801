// expect: race
// A log shipper copies its buffer, uploads the copy, then empties the buffer with length = 0. A line
// logged during the upload is neither shipped nor kept: emptying writes the buffer back as the copy
// saw it.
const { setTimeout: sleep } = require('node:timers/promises');

const buffer = ['boot'];
setTimeout(() => buffer.push('late line'), 1); // race

async function flush() {
  const batch = buffer.slice(); // race
  await sleep(5); // the upload
  buffer.length = 0; // race
  return batch.length;
}

flush().then((n) => console.log('shipped', n));
