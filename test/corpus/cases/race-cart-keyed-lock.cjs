// expect: race
// CommonJS shopping cart service. Adding an item reads the cart's total and
// item list, awaits the price service, and writes both back; nothing holds
// the cart's lock, so two items added to one cart at once lose one.
const AsyncLock = require('async-lock');
const { setTimeout: sleep } = require('node:timers/promises');

const lock = new AsyncLock(); // created for carts, but addItem forgot to use it
const carts = new Map([
  ['cart-1', { items: [], total: 0 }],
  ['cart-2', { items: [], total: 0 }],
]);

async function priceOf(sku) {
  await sleep(sku.length % 2 + 1);
  return sku.length * 100;
}

async function addItem(cartId, sku) {
  const cart = carts.get(cartId);
  const { items, total } = cart; // race
  const price = await priceOf(sku);
  cart.items = [...items, sku]; // race
  cart.total = total + price; // race
}

Promise.all([addItem('cart-1', 'mug'), addItem('cart-1', 'poster'), addItem('cart-2', 'pen')]).then(() => {
  console.log('carts updated', carts.size, lock.isBusy() ? 'busy' : 'idle');
});
