// expect: none
// A health check waits for the background refresh itself, then awaits a cached
// (plain, non-promise) value before it reads the refreshed status.
const health = { status: 'unknown' };
const cache = new Map([['region', 'eu-west']]);

const refreshed = new Promise((resolve) => {
  setTimeout(() => {
    health.status = 'ok';
    resolve();
  }, 5);
});

async function check() {
  await refreshed;
  const region = await cache.get('region');
  return `${region}:${health.status}`;
}

console.log(await check());
