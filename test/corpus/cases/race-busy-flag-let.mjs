// expect: race
// A rates refresher is started by timers, with a module-level `let refreshing`
// meant to keep two refreshes from overlapping. But the flag is tested before
// the refresh awaits its lock file and set only after: two timers that fire
// close together both pass the test, and each clears the flag under the other.
import { setTimeout as sleep } from 'node:timers/promises';

let refreshing = false;

async function refresh() {
  if (refreshing) return false; // race
  await sleep(5); // take the lock file
  refreshing = true; // race
  try {
    await sleep(25);
    return true;
  } finally {
    refreshing = false;
  }
}

const refreshes = [10, 12, 40].map((ms) => new Promise((resolve) => setTimeout(() => resolve(refresh()), ms)));
const results = await Promise.all(refreshes);
console.log('refreshes', results.length);
