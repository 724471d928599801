// expect: race
// A hedged read sends the query to the primary and to a replica and answers
// with whichever is first (Promise.race). Both record themselves in shared
// stats; the caller reads the stats right after the race, while the losing
// request still writes them later.
import { setTimeout as sleep } from 'node:timers/promises';

const stats = { servedBy: 'nobody', queries: 0 };

async function query(node, ms) {
  stats.queries++;
  await sleep(ms);
  stats.servedBy = node; // race
  return [`${node}:row1`, `${node}:row2`];
}

const rows = await Promise.race([query('primary', 2), query('replica', 8)]);
const servedBy = stats.servedBy; // race
console.log('rows', rows.length, 'served', servedBy !== 'nobody');
