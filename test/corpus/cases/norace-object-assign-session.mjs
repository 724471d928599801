// expect: none
// A shop keeps the session in a plain object and writes changes back with
// Object.assign. addToCart waits for the stock check first and builds the new
// cart from the session in the same synchronous step as the assign. A timer
// meanwhile records the last activity under a key of its own: the assign adds
// another key to the same object, which reads nothing that timing decides.
import { setTimeout as sleep } from 'node:timers/promises';

const session = { user: 'ann', cart: [] };

async function checkStock(item, ms) {
  await sleep(ms);
  return item !== 'sold-out';
}

async function addToCart(item, ms) {
  if (!(await checkStock(item, ms))) return false;
  Object.assign(session, { cart: [...session.cart, item], updatedAt: ms });
  return true;
}

setTimeout(() => {
  session.lastSeen = 1;
}, 1);
await Promise.all([addToCart('mug', 3), addToCart('tea', 4)]);
console.log('cart size', session.cart.length);
