// Function source text, as libraries read it: Function.prototype.toString of functions, arrows,
// classes and methods, of built-ins the detector wraps and of toString itself, and a function
// serialized into a worker (what browser-automation and worker-pool libraries do with the callback
// they are given).
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

// Other ways of asking, and functions that were never changed.
const Anonymous = class {
  run() {
    return rates.standard;
  }
};
console.log(String(Anonymous), `${priceWithTax}`, Function.prototype.toString.call(Cart.prototype.add));
console.log((() => 1).toString(), function untouched(a, b) { return a + b; }.toString());
console.log(Promise.all.toString(), Promise.allSettled.toString(), Function.prototype.toString.toString());
console.log(Function.prototype.toString.name, Function.prototype.toString.length, Object.keys(Object.getOwnPropertyDescriptor(Function.prototype, 'toString')).join());
try {
  Function.prototype.toString.call({});
} catch (e) {
  console.log(e.constructor.name, e.message);
}
// A function rebuilt from its text runs as the original does.
const rebuilt = new Function(`return (${priceWithTax})`)();
console.log(typeof rebuilt, rebuilt.toString() === priceWithTax.toString());

function inWorker(n) {
  const squares = [];
  for (let i = 1; i <= n; i++) squares.push({ i, square: i * i });
  return squares.map((s) => s.square).join(',');
}
const worker = new Worker(`require('node:worker_threads').parentPort.postMessage((${inWorker})(5));`, { eval: true });
worker.on('message', (m) => console.log('worker:', m));
worker.on('error', (e) => console.log('worker failed:', e.message));
