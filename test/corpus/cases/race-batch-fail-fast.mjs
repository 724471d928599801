// expect: race
// A batch upload joins its uploads with Promise.all, which rejects as soon as
// one upload fails; the error handler reads the shared success counter while
// the other uploads are still running and incrementing it.
import { setTimeout as sleep } from 'node:timers/promises';

const summary = { uploaded: 0 };

async function upload(file, ms) {
  await sleep(ms);
  if (file.endsWith('.exe')) throw new Error(`${file} rejected`);
  summary.uploaded++; // race
}

try {
  await Promise.all([upload('a.png', 1), upload('setup.exe', 3), upload('c.png', 8)]);
} catch (err) {
  const status = { error: err.message, uploaded: summary.uploaded }; // race
  console.log('batch failed:', status.error);
}
