// expect: none
// A hedged read answers with whichever of primary and replica is first
// (Promise.race), but records the stats only after both requests have settled
// (Promise.allSettled), so the losing request's write is joined too.
import { setTimeout as sleep } from 'node:timers/promises';

const stats = { servedBy: 'nobody', queries: 0 };

async function query(node, ms) {
  stats.queries++;
  await sleep(ms);
  stats.servedBy = node;
  return [`${node}:row1`, `${node}:row2`];
}

const requests = [query('primary', 2), query('replica', 8)];
const rows = await Promise.race(requests);
await Promise.allSettled(requests);
console.log('rows', rows.length, 'queries', stats.queries, 'last', stats.servedBy !== 'nobody');
