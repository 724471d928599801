// expect: none
// The log shipper done right: after the upload it removes only the lines it shipped, from the front;
// a line logged meanwhile stays for the next flush.
const { setTimeout: sleep } = require('node:timers/promises');

const buffer = ['boot'];
setTimeout(() => buffer.push('late line'), 1);

async function flush() {
  const batch = buffer.slice();
  await sleep(5); // the upload
  buffer.splice(0, batch.length);
  return batch.length;
}

flush().then((n) => console.log('shipped', n));
