// expect: none
// A poller keeps its last status in a module binding. Each refresh reads the status, waits for the
// next one, and writes it back unless the poller was stopped while it waited; stop() sets the flag
// and resets the status in one stretch, so a refresh that resumes after it writes nothing.
import { readdir, stat } from 'node:fs/promises';

let stopped = false;
let status = { seen: 0 };

async function refresh() {
  const before = status;
  await readdir('.');
  if (stopped) return;
  status = { seen: before.seen + 1 };
}

async function stop() {
  await stat('.');
  stopped = true;
  status = { seen: -1 };
}

await Promise.all([refresh(), stop()]);
console.log('status', status.seen);
