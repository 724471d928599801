// Map/Set subclasses, WeakMap/WeakSet/WeakRef, array methods, util.types brand checks.
import util from 'node:util';
class DefaultMap extends Map {
  constructor(factory, entries) { super(entries); this.factory = factory; }
  get(k) { if (!this.has(k)) this.set(k, this.factory(k)); return super.get(k); }
}
class CountingSet extends Set {
  adds = 0;
  add(v) { this.adds = (this.adds ?? 0) + 1; return super.add(v); }
}
const groups = new DefaultMap(() => []);
for (const w of ['apple', 'avocado', 'banana', 'blueberry', 'cherry']) groups.get(w[0]).push(w);
console.log([...groups.keys()], groups.get('b'), groups.size, groups.get('z').length, groups.size);
console.log(groups instanceof Map, util.types.isMap(groups), Object.prototype.toString.call(groups));
console.log(util.inspect(groups), JSON.stringify([...groups]));
const cs = new CountingSet([1, 2, 2, 3]);
cs.add(3).add(4);
console.log(cs.size, cs.adds, cs.has(4), util.types.isSet(cs), util.inspect(cs));
const m = new Map([['x', 1]]);
m.set('y', 2).set('x', 10);
m.delete('y');
m.set('y', 3);
console.log([...m.entries()], m.get('x'), m.has('q'), m.size);
const seen = [];
m.forEach((v, k, mm) => seen.push(`${k}=${v}:${mm === m}`));
console.log(seen.join(','));
const s = new Set('mississippi');
console.log([...s].join(''), s.size, [...s.values()].length, [...s.entries()][0]);
const wm = new WeakMap();
const ws = new WeakSet();
const keyA = {};
wm.set(keyA, 'meta');
ws.add(keyA);
console.log(wm.get(keyA), wm.has({}), ws.has(keyA), util.types.isWeakMap(wm), util.inspect(wm));
const target = { name: 'held' };
const ref = new WeakRef(target);
console.log(ref.deref()?.name, ref.deref() === target, util.inspect(ref).startsWith('WeakRef'));
const arr = [5, 3, 8, 1];
arr.push(9, 7);
arr.unshift(0);
const removed = arr.splice(2, 2, 'a', 'b', 'c');
console.log(arr, removed, arr.indexOf('b'), arr.includes(9), arr.at(-1), arr.lastIndexOf(7));
const nums = [4, 1, 3, 2];
console.log(nums.slice().sort(), nums.sort((a, b) => b - a), nums.reverse(), nums.fill(0, 2), nums.copyWithin(0, 2));
const words = ['pear', 'fig', 'kiwi', 'plum'];
console.log(words.filter((w) => w.length === 4).map((w) => w.toUpperCase()).join('-'));
console.log(words.reduce((a, w) => a + w.length, 0), words.reduceRight((a, w) => a + w[0], ''));
console.log(words.find((w) => w.startsWith('k')), words.findIndex((w) => w === 'plum'), words.findLast((w) => w.length === 4), words.findLastIndex((w) => w === 'x'));
console.log(words.some((w) => w === 'fig'), words.every((w) => w.length > 2), [[1, [2]], [3]].flat(2), words.flatMap((w) => [w.length]));
console.log(words.concat(['lime'], 'date').length, words.keys().next(), [...words.entries()][1], words.pop(), words.shift(), words);
const sparse = [1, , 3];
console.log(sparse.length, 1 in sparse, sparse.map((x) => x * 2), Object.keys(sparse));
const big = new Map(Array.from({ length: 5 }, (_, i) => [i, i * i]));
big.clear();
console.log(big.size, util.types.isMap(new DefaultMap(() => 0)), new Map([[NaN, 'nan']]).get(NaN), new Set([0, -0]).size);
