// expect: race
// An order service reserves stock from an async 'order' listener on an
// EventEmitter. emit() does not wait for async listeners, so two orders are
// handled at once and each writes back stock computed from a stale read.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const inventory = { widget: 5 };
const bus = new EventEmitter();
let handled = 0;

bus.on('order', async (order) => {
  const stock = inventory[order.sku]; // race
  await sleep(order.qty); // charge the card
  inventory[order.sku] = stock - order.qty; // race
  if (++handled === 2) console.log('orders handled', handled);
});

bus.emit('order', { sku: 'widget', qty: 1 });
bus.emit('order', { sku: 'widget', qty: 2 });
