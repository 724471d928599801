// expect: none
// The same statistics, counted after the backend answered: the read of the tuple and the store of
// misses + 1 are one synchronous stretch.
const { setTimeout: sleep } = require('node:timers/promises');

const stats = [0, 0];

async function lookup(key) {
  await sleep(key === 'a' ? 3 : 6);
  const [, misses] = stats;
  stats[1] = misses + 1;
  return key.toUpperCase();
}

Promise.all([lookup('a'), lookup('b')]).then((v) => console.log('values', v.join(','), stats[1]));
