// expect: none
// A profile cache in a plain object, filled on a miss from a slow store. A
// batch of two hundred lookups for different users also asks for one user
// twice. The cache keeps the load's promise, stored in the same step as the
// miss is seen, so the second lookup for that user awaits the first one's
// load instead of starting its own.
import { setTimeout as sleep } from 'node:timers/promises';

const profiles = {};
let loads = 0;

async function loadProfile(id) {
  loads++;
  await sleep(2);
  return { id, name: `user ${id}` };
}

function profile(id) {
  if (profiles[id] === undefined) profiles[id] = loadProfile(id);
  return profiles[id];
}

const ids = [];
for (let i = 0; i < 200; i++) ids.push(`u${i}`);
ids.splice(120, 0, 'u7');
const found = await Promise.all(ids.map(profile));
console.log('profiles', found.length, 'loads', loads);
