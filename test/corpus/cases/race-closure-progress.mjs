// expect: race
// A download keeps its byte count in a variable captured by two closures.
// Network chunks add to a count read before the await; a cached chunk that is
// added (with +=) while a network chunk is in flight gets overwritten.
import { setTimeout as sleep } from 'node:timers/promises';

function createDownload() {
  let received = 0;
  async function fromNetwork(size) {
    const before = received; // race
    await sleep(4);
    received = before + size; // race
  }
  async function fromCache(size) {
    await sleep(1);
    received += size; // race
  }
  return { fromNetwork, fromCache, progress: () => received };
}

const download = createDownload();
await Promise.all([download.fromNetwork(100), download.fromCache(20)]);
console.log('download finished', download.progress() > 0);
