// expect: none
// A batch upload joins its uploads with Promise.allSettled, which waits for
// every upload, failed or not, before the summary counter is read.
import { setTimeout as sleep } from 'node:timers/promises';

const summary = { uploaded: 0 };

async function upload(file, ms) {
  await sleep(ms);
  if (file.endsWith('.exe')) throw new Error(`${file} rejected`);
  summary.uploaded++;
}

const results = await Promise.allSettled([upload('a.png', 1), upload('setup.exe', 3), upload('c.png', 8)]);
const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
const status = { error: failed.join('; '), uploaded: summary.uploaded };
console.log('batch failed:', status.error, 'uploaded', status.uploaded);
