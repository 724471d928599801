// expect: none
// A rates refresher is started by timers, and a module-level `let refreshing`
// keeps two refreshes from overlapping: the flag is tested and set in one
// synchronous step and cleared when the refresh ends, so a timer that fires
// during a refresh sees it and skips. A poller started by setInterval keeps the
// same kind of flag in a closure variable.
import { setTimeout as sleep } from 'node:timers/promises';

let refreshing = false;

async function refresh() {
  if (refreshing) return false;
  refreshing = true;
  try {
    await sleep(25);
    return true;
  } finally {
    refreshing = false;
  }
}

function startPoller(ticks) {
  let polling = false;
  let n = 0;
  return new Promise((resolve) => {
    const timer = setInterval(async () => {
      if (++n === ticks) {
        clearInterval(timer);
        resolve(n);
      }
      if (polling) return;
      polling = true;
      await sleep(12);
      polling = false;
    }, 5);
  });
}

const refreshes = [10, 20, 40].map((ms) => new Promise((resolve) => setTimeout(() => resolve(refresh()), ms)));
const polled = await startPoller(6);
const results = await Promise.all(refreshes);
console.log('refreshes', results.length, 'poll ticks', polled);
