// expect: race
// The same two profile edits, but the later one takes a second Mutex: the locks are different, so
// nothing orders the edits (whichever starts second, they can overlap).
import { Mutex } from 'async-mutex';

const lock = new Mutex();
const otherLock = new Mutex();
const profile = { name: 'ada', edits: 0 };

async function save() {
  await new Promise((r) => setImmediate(r));
}

async function rename(mutex, name) {
  await mutex.runExclusive(async () => {
    const edits = profile.edits; // race
    await save();
    profile.name = name;
    profile.edits = edits + 1; // race
  });
}

async function later(fn) {
  for (let i = 0; i < 5; i++) await null;
  await new Promise((r) => setImmediate(r));
  await fn();
}

await Promise.all([rename(lock, 'grace'), later(() => rename(otherLock, 'alan'))]);
console.log(profile.name, profile.edits);
