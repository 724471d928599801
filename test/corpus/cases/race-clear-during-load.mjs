// expect: race
// A price cache loads missing entries from a slow backend. An admin action
// invalidates the whole cache with clear() while a load is in flight; the
// load then stores the price it fetched before the invalidation, and the
// stale price stays cached.
import { setTimeout as sleep } from 'node:timers/promises';

const prices = new Map();

async function fetchPrice(sku) {
  await sleep(4);
  return sku.length * 100;
}

async function price(sku) {
  if (!prices.has(sku)) { // race
    const p = await fetchPrice(sku);
    prices.set(sku, p); // race
  }
  return prices.get(sku);
}

async function invalidate() {
  await sleep(1);
  prices.clear(); // race
}

const [p] = await Promise.all([price('sku-1'), invalidate()]);
console.log('price', p);
