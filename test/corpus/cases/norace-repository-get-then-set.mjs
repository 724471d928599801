// expect: none
// As race-repository-get-then-set.mjs, but the votes are counted one after another: each read
// through the store's async getter comes after the previous vote's write.
import { setTimeout as sleep } from 'node:timers/promises';

const tallies = new Map([['poll:1', 0]]);
const store = {
  async get(key) {
    return tallies.get(key);
  },
};

async function vote(pollId, checkMs) {
  const tally = await store.get(pollId);
  await sleep(checkMs); // fraud check
  tallies.set(pollId, tally + 1);
}

await vote('poll:1', 6);
await vote('poll:1', 2);
console.log('votes counted', tallies.get('poll:1'));
