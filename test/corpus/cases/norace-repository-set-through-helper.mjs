// expect: none
// As race-repository-set-through-helper.mjs, but the votes are counted one after another behind a
// queue: each read through the store's async getter comes after the previous vote's write through
// its setter.
import { setTimeout as sleep } from 'node:timers/promises';

const tallies = new Map([['poll:1', 0]]);
const store = {
  async get(key) {
    return tallies.get(key);
  },
  async set(key, value) {
    tallies.set(key, value);
  },
};

async function vote(pollId, checkMs) {
  const tally = await store.get(pollId);
  await sleep(checkMs); // fraud check
  await store.set(pollId, tally + 1);
}

let queue = Promise.resolve();
const votes = [6, 2].map((ms) => (queue = queue.then(() => vote('poll:1', ms))));
await Promise.all(votes);
console.log('votes counted', tallies.get('poll:1'));
