// expect: race
// A cache refresh runs on a 2 ms timer and publishes the new value from a
// nextTick it queues there. The reader sleeps 3 ms, a timer set in the main
// script's turn: the tick belongs to the refresh timer's turn, and timers
// with different delays are not ordered, so the reader may see either value.
import { setTimeout as sleep } from 'node:timers/promises';

const cache = { value: 'old' };

setTimeout(() => {
  process.nextTick(() => {
    cache.value = 'new'; // race
  });
}, 2);

await sleep(3);
console.log('read', cache.value === 'new' || cache.value === 'old'); // race
