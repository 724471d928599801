// expect: race
// An upload's promise gets a progress logger with .then from a monitor
// that starts a little later, while the uploading function awaits the
// upload after a short pause of its own and reads what the logger
// recorded. Which of the two registers on the promise first depends on
// which pause ends first, so whether the logger ran before the read is
// timing.
import { setTimeout as sleep } from 'node:timers/promises';

const progress = { done: 0 };

async function upload(size) {
  await sleep(8);
  return size;
}

async function monitor(sent) {
  await sleep(2);
  sent.then(() => {
    progress.done++; // race
  });
}

async function main() {
  const sent = upload(512);
  monitor(sent);
  await sleep(3);
  await sent;
  const logged = progress.done; // race
  console.log('uploaded', logged >= 0);
}

await main();
