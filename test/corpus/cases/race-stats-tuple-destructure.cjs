// expect: race
// Cache statistics kept in a [hits, misses] tuple: a miss destructures the tuple, waits for the
// backend and stores misses + 1. Two misses at once both store 1.
const { setTimeout: sleep } = require('node:timers/promises');

const stats = [0, 0];

async function lookup(key) {
  const [, misses] = stats; // race
  await sleep(key === 'a' ? 3 : 6);
  stats[1] = misses + 1; // race
  return key.toUpperCase();
}

Promise.all([lookup('a'), lookup('b')]).then((v) => console.log('values', v.join(',')));
