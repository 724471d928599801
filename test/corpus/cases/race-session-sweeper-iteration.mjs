// expect: race
// A session store's sweeper lists the expired sessions by iterating the Map, awaits the audit log,
// then deletes what it listed. A user refreshes a listed session while the audit is written, and
// the sweeper deletes the refreshed session anyway: its delete writes back what its iteration read.
const sessions = new Map([
  ['s1', { user: 'ann', expiresAt: 0 }],
  ['s2', { user: 'bob', expiresAt: 10_000 }],
]);
const now = 100;
const audit = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sweep() {
  const expired = [];
  for (const [id, s] of sessions) if (s.expiresAt <= now) expired.push(id); // race
  await sleep(30); // write the audit record
  audit.push(...expired);
  for (const id of expired) sessions.delete(id); // race
}

async function touch(id) {
  await sleep(5); // the user clicks while the sweep is auditing
  const s = sessions.get(id);
  if (s) sessions.set(id, { ...s, expiresAt: now + 1800 });
}

await Promise.all([sweep(), touch('s1')]);
console.log(`alive=${[...sessions.keys()].join(',')} audited=${audit.join(',')}`);
