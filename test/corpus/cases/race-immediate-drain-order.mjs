// expect: race
// The same two immediates, but the first one's load waits for a timer: its write lands after the
// second immediate in most runs, and nothing orders the two.
import { setTimeout as sleep } from 'node:timers/promises';

const state = { config: null };

async function load() {
  await sleep(1);
  return { retries: 3 };
}

setImmediate(async () => {
  const config = await load();
  state.config = config; // race
});
setImmediate(() => {
  console.log('config loaded', state.config !== null); // race
});
