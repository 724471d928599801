// expect: none
// CommonJS webhook receiver that deduplicates deliveries by event id. The id is
// checked and claimed in one synchronous step before the signature is verified,
// so a retried delivery that arrives during verification is seen as duplicate.
const crypto = require('node:crypto');
const { setImmediate: nextLoop } = require('node:timers/promises');

const SECRET = 'whsec_test';
const seen = new Set();
const applied = [];

function sign(id) {
  return { id, signature: crypto.createHmac('sha256', SECRET).update(id).digest('hex') };
}

async function verify(event) {
  await nextLoop();
  return sign(event.id).signature === event.signature;
}

async function onDelivery(event) {
  if (seen.has(event.id)) return 'duplicate';
  seen.add(event.id);
  if (!(await verify(event))) {
    seen.delete(event.id);
    return 'rejected';
  }
  applied.push(event.id);
  return 'applied';
}

Promise.all([onDelivery(sign('evt_1')), onDelivery(sign('evt_1')), onDelivery(sign('evt_2'))]).then((results) => {
  console.log('deliveries', results.join(','), 'applied', applied.length);
});
