// expect: race
// As race-repository-get-then-set.mjs, but the tally is written back through the store's async
// setter too: the read is one helper's, the write another's, both in the handler's stretches, and
// two votes checked at once still lose one.
// Race-free twin: norace-repository-set-through-helper.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const tallies = new Map([['poll:1', 0]]);
const store = {
  async get(key) {
    return tallies.get(key); // race
  },
  async set(key, value) {
    tallies.set(key, value); // race
  },
};

async function vote(pollId, checkMs) {
  const tally = await store.get(pollId);
  await sleep(checkMs); // fraud check
  await store.set(pollId, tally + 1);
}

await Promise.all([vote('poll:1', 6), vote('poll:1', 2)]);
console.log('votes counted');
