// expect: race
// Feature usage counters read and written through Reflect, as a metrics helper that takes the
// feature name as a string does: both calls read 0 before either stores, so one count is lost.
import { setTimeout as sleep } from 'node:timers/promises';

const usage = { search: 0, export: 0 };

async function track(feature, flushMs) {
  const count = Reflect.get(usage, feature); // race
  await sleep(flushMs); // the metrics backend
  Reflect.set(usage, feature, count + 1); // race
}

await Promise.all([track('search', 1), track('search', 3)]);
console.log('tracked');
