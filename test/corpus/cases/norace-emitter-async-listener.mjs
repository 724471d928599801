// expect: none
// An order service reserves stock for each 'order' event, but the listener
// chains every reservation onto the previous one's promise, so reservations
// run one after another even though emit() does not wait.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const inventory = { widget: 5 };
const bus = new EventEmitter();
let pending = Promise.resolve();

async function reserve(order) {
  const stock = inventory[order.sku];
  await sleep(order.qty); // charge the card
  inventory[order.sku] = stock - order.qty;
}

bus.on('order', (order) => {
  pending = pending.then(() => reserve(order));
});

bus.emit('order', { sku: 'widget', qty: 1 });
bus.emit('order', { sku: 'widget', qty: 2 });
await pending;
console.log('widgets left', inventory.widget);
