// expect: race
// A health check waits "long enough" for a background refresh, then awaits a
// cached (plain, non-promise) value before it reads the refreshed status. The
// await of a plain value does not make the read any less a guess about timing.
import { setTimeout as sleep } from 'node:timers/promises';

const health = { status: 'unknown' };
const cache = new Map([['region', 'eu-west']]);

setTimeout(() => {
  health.status = 'ok'; // race
}, 5);

async function check() {
  await sleep(30); // "the refresh is done by now"
  const region = await cache.get('region');
  return `${region}:${health.status}`; // race
}

console.log(await check());
