// expect: race
// As norace-stopped-let-guard.mjs, but stop() resets the status without setting the flag the
// refresh tests: a refresh that resumes after it writes back a stale status.
import { readdir, stat } from 'node:fs/promises';

let stopped = false;
let paused = false;
let status = { seen: 0 };

async function refresh() {
  const before = status; // race
  await readdir('.');
  if (stopped) return;
  status = { seen: before.seen + 1 }; // race
}

async function stop() {
  await stat('.');
  paused = true;
  status = { seen: -1 }; // race
}

await Promise.all([refresh(), stop()]);
console.log('status kept', typeof status.seen, paused, stopped);
