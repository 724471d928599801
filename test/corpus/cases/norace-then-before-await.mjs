// expect: none
// An upload's promise gets a progress logger with .then, and the same
// function then awaits the upload and reads what the logger recorded.
// Reactions of one promise run in the order they were registered, and the
// await registered its own after the logger: the logger always ran first.
import { setTimeout as sleep } from 'node:timers/promises';

const progress = { done: 0, bytes: 0 };

async function upload(size) {
  await sleep(5);
  return size;
}

async function main() {
  const sent = upload(512);
  sent.then((n) => {
    progress.done++;
    progress.bytes += n;
  });
  const n = await sent;
  console.log('uploaded', n, 'logged', progress.done, progress.bytes);
}

await main();
