// expect: none
// The session sweeper of race-session-sweeper-iteration.mjs, but the refresh comes after the sweep
// has finished: the sweeper's delete and the user's refresh are ordered, and the second sweep
// re-reads the refreshed session before deciding.
const sessions = new Map([
  ['s1', { user: 'ann', expiresAt: 0 }],
  ['s2', { user: 'bob', expiresAt: 10_000 }],
]);
const now = 100;
const audit = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sweep() {
  const expired = [];
  for (const [id, s] of sessions) if (s.expiresAt <= now) expired.push(id);
  await sleep(30); // write the audit record
  audit.push(...expired);
  for (const id of expired) sessions.delete(id);
}

async function touch(id) {
  await sleep(5);
  const s = sessions.get(id) ?? { user: 'ann', expiresAt: 0 };
  sessions.set(id, { ...s, expiresAt: now + 1800 });
}

await sweep();
await touch('s1');
await sweep();
console.log(`alive=${[...sessions.keys()].join(',')} audited=${audit.join(',')}`);
