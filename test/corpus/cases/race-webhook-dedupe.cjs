// expect: race
// CommonJS webhook receiver that deduplicates deliveries by event id. It checks
// the id, verifies the signature asynchronously, and only then records the id,
// so a retried delivery that arrives during verification is applied twice.
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
  if (seen.has(event.id)) return 'duplicate'; // race
  if (!(await verify(event))) return 'rejected';
  seen.add(event.id); // race
  applied.push(event.id);
  return 'applied';
}

Promise.all([onDelivery(sign('evt_1')), onDelivery(sign('evt_1')), onDelivery(sign('evt_2'))]).then((results) => {
  console.log('deliveries', results.length);
});
