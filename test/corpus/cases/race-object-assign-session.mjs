// expect: race
// A shop keeps the session in a plain object and writes changes back with
// Object.assign. addToCart reads the cart, waits for the stock check, and
// assigns a new cart built from what it read: a concurrent add that finished
// meanwhile is lost.
import { setTimeout as sleep } from 'node:timers/promises';

const session = { user: 'ann', cart: [], updatedAt: 0 };

async function checkStock(item, ms) {
  await sleep(ms);
  return item !== 'sold-out';
}

async function addToCart(item, ms) {
  const cart = session.cart; // race
  if (!(await checkStock(item, ms))) return false;
  Object.assign(session, { cart: [...cart, item], updatedAt: Date.now() }); // race
  return true;
}

await Promise.all([addToCart('mug', 1), addToCart('tea', 2)]);
console.log('cart size', session.cart.length);
