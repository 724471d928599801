// expect: race
// A profile cache in a plain object, filled on a miss from a slow store. A
// batch of two hundred lookups for different users also asks for one user
// twice: both lookups miss, both load, and the second store overwrites the
// first one's entry. Every other lookup in the batch misses too, so the
// object is asked about a new key many times while the two loads are pending.
import { setTimeout as sleep } from 'node:timers/promises';

const profiles = {};
let loads = 0;

async function loadProfile(id) {
  loads++;
  await sleep(2);
  return { id, name: `user ${id}` };
}

async function profile(id) {
  if (profiles[id] === undefined) { // race
    const p = await loadProfile(id);
    profiles[id] = p; // race
  }
  return profiles[id];
}

const ids = [];
for (let i = 0; i < 200; i++) ids.push(`u${i}`);
ids.splice(120, 0, 'u7');
const found = await Promise.all(ids.map(profile));
console.log('profiles', found.length, 'loads', loads);
