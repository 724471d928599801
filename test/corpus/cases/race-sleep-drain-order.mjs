// expect: race
// Two visits counted the same way, each reading the counter, sleeping 5 ms and writing it back.
// Node runs the two timers in order and the first visit's write-back before the second timer,
// but the second visit read the counter before either slept: queue order does not save the update
// the first one made, and the count ends at 1.
import { setTimeout as sleep } from 'node:timers/promises';

const state = { visits: 0 };

async function visit() {
  const seen = state.visits; // race
  await sleep(5);
  state.visits = seen + 1; // race
}

await Promise.all([visit(), visit()]);
console.log('visits', state.visits);
