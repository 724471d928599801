// expect: race
// The same handler, but the cache's 10 ms warm-up timer is started from the config file's read
// callback, which nothing orders before the handler's own 10 ms sleep: the two timers are started in
// whichever order the disk gives, and the handler reads the cache before or after the warm-up.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const cache = { entries: 0, state: 'cold' };
cache.state = 'loading';
fs.readFile(new URL(import.meta.url), () => {
  setTimeout(() => {
    cache.state = 'warm'; // race
  }, 10);
});

async function handle(id) {
  await Promise.resolve(id); // the session lookup
  await sleep(10);
  return `${id}:${cache.state}`; // race
}

console.log(await handle('a'));
