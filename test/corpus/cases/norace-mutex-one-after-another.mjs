// expect: none
// Two profile edits guarded by one async-mutex Mutex, the second requested only after the first has
// released: the lock is free when the second asks, so no waiter's promise links them, but the release
// still happens before the next acquire.
import { Mutex } from 'async-mutex';

const lock = new Mutex();
const profile = { name: 'ada', edits: 0 };

async function save() {
  await new Promise((r) => setImmediate(r));
}

async function rename(name) {
  await lock.runExclusive(async () => {
    const edits = profile.edits;
    await save();
    profile.name = name;
    profile.edits = edits + 1;
  });
}

async function later(fn) {
  for (let i = 0; i < 5; i++) await null;
  await new Promise((r) => setImmediate(r));
  await fn();
}

await Promise.all([rename('grace'), later(() => rename('alan'))]);
console.log(profile.name, profile.edits);
