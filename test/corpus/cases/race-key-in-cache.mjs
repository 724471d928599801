// expect: race
// A price lookup caches results in a plain object and tests the cache with
// `in`. The test, the call to the price service and the store are split by an
// await, so two lookups of one SKU both miss, both call the service, and the
// second store overwrites the first.
import { setTimeout as sleep } from 'node:timers/promises';

const prices = {};
let serviceCalls = 0;

async function fetchPrice(sku) {
  serviceCalls++;
  await sleep(2);
  return { sku, amount: 9.99, fetchedBy: serviceCalls };
}

async function priceOf(sku) {
  if (!(sku in prices)) { // race
    prices[sku] = await fetchPrice(sku); // race
  }
  return prices[sku].amount;
}

const quotes = await Promise.all([priceOf('mug'), priceOf('mug'), priceOf('tea')]);
console.log('quotes', quotes.join(','));
