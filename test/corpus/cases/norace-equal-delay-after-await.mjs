// expect: none
// A cache warms itself on a 10 ms timer started while the module loads; a request handler first
// awaits its session lookup, then waits 10 ms of its own before reading the cache. Timers with equal
// delays fire in the order they were started, and the handler's is started after the warm-up's: its
// flow was called by the code that started the warm-up, after it did.
import { setTimeout as sleep } from 'node:timers/promises';

const cache = { entries: 0, state: 'cold' };
cache.state = 'loading';
setTimeout(() => {
  cache.entries = 42;
  cache.state = 'warm';
}, 10);

async function handle(id) {
  await Promise.resolve(id); // the session lookup
  await sleep(10);
  return `${id}:${cache.state}:${cache.entries}`;
}

console.log(await handle('a'));
