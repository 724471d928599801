// expect: none
// A price lookup with single-flight requests: a lookup that finds the SKU in
// flight (`sku in inflight`) shares the pending request; otherwise it stores
// its own request in the same synchronous step, and removes it when done.
// Lookups arrive on timers, so whether one finds a request still in flight
// depends on timing: the test decides in one step what the lookup does, and
// is no timing-dependent read.
import { setTimeout as sleep } from 'node:timers/promises';

const inflight = {};
let serviceCalls = 0;

async function fetchPrice(sku) {
  serviceCalls++;
  await sleep(3);
  return 9.99;
}

async function priceOf(sku) {
  if (sku in inflight) return inflight[sku];
  inflight[sku] = fetchPrice(sku);
  try {
    return await inflight[sku];
  } finally {
    delete inflight[sku];
  }
}

const quotes = await Promise.all(
  [0, 1, 2, 6].map(async (ms) => {
    await sleep(ms);
    return priceOf('mug');
  }),
);
console.log('quotes', quotes.length, 'service calls', serviceCalls > 0);
