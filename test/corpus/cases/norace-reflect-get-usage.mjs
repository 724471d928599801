// expect: none
// The same counters, each read and stored after the backend answered, in one synchronous stretch.
import { setTimeout as sleep } from 'node:timers/promises';

const usage = { search: 0, export: 0 };

async function track(feature, flushMs) {
  await sleep(flushMs);
  Reflect.set(usage, feature, Reflect.get(usage, feature) + 1);
}

await Promise.all([track('search', 1), track('search', 3)]);
console.log('search', usage.search);
