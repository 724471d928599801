// expect: race
// An API client refreshes its tokens when a request is rejected, and stores
// the new pair with a destructuring assignment. Two rejected requests both
// send the same refresh token and both store what comes back: the second
// store replaces the first pair with one the server already rotated away.
import { setTimeout as sleep } from 'node:timers/promises';

const auth = { refresh: 'r0', access: null };
let issued = 0;

async function callAuthServer(refresh, ms) {
  await sleep(ms);
  issued++;
  return { refresh: `${refresh}-r${issued}`, access: `a${issued}` };
}

async function onUnauthorized(ms) {
  const sent = auth.refresh; // race
  ({ refresh: auth.refresh, access: auth.access } = await callAuthServer(sent, ms)); // race
}

await Promise.all([onUnauthorized(1), onUnauthorized(2)]);
console.log('refreshes', issued);
