// expect: none
// The same with async-lock: two sections on key "cart", the second starting after the first ended.
const AsyncLock = require('async-lock');

const lock = new AsyncLock();
const cart = { items: 0 };

function add(n) {
  return lock.acquire('cart', async () => {
    const items = cart.items;
    await new Promise((r) => setImmediate(r));
    cart.items = items + n;
  });
}

async function later(fn) {
  for (let i = 0; i < 5; i++) await null;
  await new Promise((r) => setImmediate(r));
  await fn();
}

Promise.all([add(1), later(() => add(2))]).then(() => console.log('items', cart.items));
