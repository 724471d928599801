// expect: none
// A download keeps its byte count in a variable captured by two closures.
// Both add their chunk with += after their await, so the read and the write of
// the count happen in one synchronous step and no chunk is lost.
import { setTimeout as sleep } from 'node:timers/promises';

function createDownload() {
  let received = 0;
  async function fromNetwork(size) {
    await sleep(4);
    received += size;
  }
  async function fromCache(size) {
    await sleep(1);
    received += size;
  }
  return { fromNetwork, fromCache, progress: () => received };
}

const download = createDownload();
await Promise.all([download.fromNetwork(100), download.fromCache(20)]);
console.log('download finished', download.progress());
