// expect: race
// The same with async-lock, but the later section locks key "basket" instead of "cart": different
// keys order nothing.
const AsyncLock = require('async-lock');

const lock = new AsyncLock();
const cart = { items: 0 };

function add(key, n) {
  return lock.acquire(key, async () => {
    const items = cart.items; // race
    await new Promise((r) => setImmediate(r));
    cart.items = items + n; // race
  });
}

async function later(fn) {
  for (let i = 0; i < 5; i++) await null;
  await new Promise((r) => setImmediate(r));
  await fn();
}

Promise.all([add('cart', 1), later(() => add('basket', 2))]).then(() => console.log('items', cart.items));
