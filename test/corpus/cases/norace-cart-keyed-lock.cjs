// expect: none
// CommonJS shopping cart service. Adding an item holds the async-lock keyed by
// the cart id around the read, the price lookup and the write, so additions to
// one cart run one after another while other carts proceed in parallel.
const AsyncLock = require('async-lock');
const { setTimeout: sleep } = require('node:timers/promises');

const lock = new AsyncLock();
const carts = new Map([
  ['cart-1', { items: [], total: 0 }],
  ['cart-2', { items: [], total: 0 }],
]);

async function priceOf(sku) {
  await sleep(sku.length % 2 + 1);
  return sku.length * 100;
}

async function addItem(cartId, sku) {
  await lock.acquire(cartId, async () => {
    const cart = carts.get(cartId);
    const { items, total } = cart;
    const price = await priceOf(sku);
    cart.items = [...items, sku];
    cart.total = total + price;
  });
}

Promise.all([addItem('cart-1', 'mug'), addItem('cart-1', 'poster'), addItem('cart-2', 'pen')]).then(() => {
  const one = carts.get('cart-1');
  const two = carts.get('cart-2');
  console.log('cart-1', one.items.join('+'), one.total, 'cart-2', two.items.join('+'), two.total);
});
