// The program's point is an uncaught exception: stdout before it, exit code 1, and the error line on stderr.
const inventory = { apples: 3, pears: 0 };
class OutOfStock extends Error {
  constructor(kind, have, need) {
    super(`not enough ${kind}: have ${have}, need ${need}`);
    this.name = 'OutOfStock';
  }
}
function take(kind, n) {
  if (!(kind in inventory)) throw new RangeError(`unknown item ${kind}`);
  if (inventory[kind] < n) throw new OutOfStock(kind, inventory[kind], n);
  inventory[kind] -= n;
  return inventory[kind];
}
console.log('left', take('apples', 2));
try { take('plums', 1); } catch (e) { console.log('caught', e.constructor.name, e.message); }
process.on('exit', (code) => console.log('exit handler, code', code, JSON.stringify(inventory)));
setTimeout(() => console.log('never printed'), 50);
await new Promise((r) => setTimeout(r, 2));
console.log('about to fail');
take('pears', 1);
console.log('unreachable');
