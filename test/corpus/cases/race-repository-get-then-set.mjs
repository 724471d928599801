// expect: race
// A poll's vote handler reads the tally through the store's async getter, waits for the fraud check
// and writes the tally plus one: the read is the getter's, in the handler's own stretch, and two
// votes checked at once both read the same tally, so one vote is lost.
// Race-free twin: norace-repository-get-then-set.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const tallies = new Map([['poll:1', 0]]);
const store = {
  async get(key) {
    return tallies.get(key); // race
  },
};

async function vote(pollId, checkMs) {
  const tally = await store.get(pollId);
  await sleep(checkMs); // fraud check
  tallies.set(pollId, tally + 1); // race
}

await Promise.all([vote('poll:1', 6), vote('poll:1', 2)]);
console.log('votes counted');
