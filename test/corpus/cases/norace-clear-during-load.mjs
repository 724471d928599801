// expect: none
// A price cache loads missing entries from a slow backend. The admin action
// that invalidates the cache waits for the lookup in flight before it calls
// clear(), so no lookup stores a price fetched before the invalidation; the
// next lookup loads afresh.
import { setTimeout as sleep } from 'node:timers/promises';

const prices = new Map();

async function fetchPrice(sku) {
  await sleep(4);
  return sku.length * 100;
}

async function price(sku) {
  if (!prices.has(sku)) {
    const p = await fetchPrice(sku);
    prices.set(sku, p);
  }
  return prices.get(sku);
}

const lookup = price('sku-1');

async function invalidate() {
  await sleep(1);
  await lookup;
  prices.clear();
}

const [p] = await Promise.all([lookup, invalidate()]);
const again = await price('sku-1');
console.log('price', p, again, prices.size);
