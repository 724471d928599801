// Function source text, as libraries read it: Function.prototype.toString of functions, arrows,
// classes and methods, and a function serialized into a worker (what browser-automation and
// worker-pool libraries do with the callback they are given).
import { Worker } from 'node:worker_threads';

const rates = { standard: 0.2, reduced: 0.05 };
function priceWithTax(item) {
  return item.price * (1 + rates[item.kind]);
}
const total = (items) => items.reduce((sum, item) => sum + priceWithTax(item), 0);
class Cart {
  constructor() {
    this.items = [];
  }
  add(item) {
    this.items.push(item);
    return this;
  }
}

console.log(priceWithTax.toString());
console.log(total.toString());
console.log(Cart.toString());
console.log(Cart.prototype.add.toString());

function inWorker(n) {
  const squares = [];
  for (let i = 1; i <= n; i++) squares.push({ i, square: i * i });
  return squares.map((s) => s.square).join(',');
}
const worker = new Worker(`require('node:worker_threads').parentPort.postMessage((${inWorker})(5));`, { eval: true });
worker.on('message', (m) => console.log('worker:', m));
worker.on('error', (e) => console.log('worker failed:', e.message));
