// expect: none
// An API client refreshes its tokens when a request is rejected, and stores
// the new pair with a destructuring assignment. Concurrent rejections share
// one refresh: the first starts it and keeps its promise in the same step, the
// others wait for it, so only one flow reads the refresh token and stores the
// new pair. Logging out afterwards clears both with an array destructuring.
import { setTimeout as sleep } from 'node:timers/promises';

const auth = { refresh: 'r0', access: null, pending: null };
let issued = 0;

async function callAuthServer(refresh) {
  await sleep(2);
  issued++;
  return { refresh: `${refresh}-r${issued}`, access: `a${issued}` };
}

async function refreshTokens() {
  const sent = auth.refresh;
  ({ refresh: auth.refresh, access: auth.access } = await callAuthServer(sent));
}

function onUnauthorized() {
  auth.pending ??= refreshTokens().finally(() => {
    auth.pending = null;
  });
  return auth.pending;
}

await Promise.all([onUnauthorized(), onUnauthorized()]);
const access = auth.access;
[auth.refresh, auth.access] = [null, null];
console.log('refreshes', issued, access, auth.refresh);
