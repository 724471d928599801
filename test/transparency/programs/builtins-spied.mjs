// Built-in methods replaced by counting wrappers, as a test spy or a polyfill does (vi.spyOn(Map.prototype,
// 'set')): the counts are the program's own calls, and the wrappers' own code runs only for them.
// Array.prototype.pop is left out: Node's own async_hooks machinery calls it around callbacks once any
// hook is enabled, and how often depends on Node's internals (Node 20's loader thread is one more).
const counts = {};
const spied = [
  [Array.prototype, ['push', 'shift', 'unshift', 'splice', 'slice', 'indexOf', 'includes', 'sort', 'map', 'filter', 'join', 'concat', 'fill']],
  [Map.prototype, ['get', 'set', 'has', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries']],
  [Set.prototype, ['add', 'has', 'delete', 'clear', 'forEach', 'values']],
  [WeakMap.prototype, ['get', 'set', 'has', 'delete']],
  [WeakSet.prototype, ['add', 'has', 'delete']],
];
const originals = [];
let counting = false;
for (const [proto, names] of spied) {
  for (const name of names) {
    const original = proto[name];
    const key = `${proto === Array.prototype ? 'Array' : proto.constructor.name}.${name}`;
    originals.push([proto, name, original]);
    proto[name] = function (...args) {
      if (counting) counts[key] = (counts[key] ?? 0) + 1;
      return Reflect.apply(original, this, args);
    };
  }
}

// Ordinary asynchronous work: shared state updated in order, a Map cache, timers, promise combinators.
class Store {
  rows = new Map();
  log = [];
  async put(k, v) {
    await null;
    this.rows.set(k, v);
    this.log.push(k);
  }
}
const store = new Store();
const seen = new Set();
const tags = new WeakMap();
counting = true;
for (let i = 0; i < 3; i++) await store.put(`k${i}`, i);
const results = await Promise.all([1, 2, 3].map(async (n) => {
  await new Promise((resolve) => setTimeout(resolve, n));
  seen.add(n);
  return n * 2;
}));
const obj = {};
tags.set(obj, 'tagged');
const sorted = [...store.log].sort().join(',');
counting = false;
for (const [proto, name, original] of originals) proto[name] = original;

console.log(results, sorted, store.rows.get('k2'), seen.has(2), tags.get(obj));
console.log(Object.keys(counts).sort().map((k) => `${k} ${counts[k]}`).join('\n'));
