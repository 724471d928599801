// Symbol keys and well-known symbols.
const secret = Symbol('secret');
const shared = Symbol.for('app.shared');
const o = { visible: 1, [secret]: 'hidden', [shared]: 'shared', 2: 'two', 1: 'one' };
console.log(Object.keys(o), Reflect.ownKeys(o).map(String), JSON.stringify(o));
console.log(o[secret], o[Symbol.for('app.shared')], secret.description, Symbol.keyFor(shared));
o[secret] += '!';
const k = 'visible';
o[k] *= 7;
console.log(o[secret], o[k], Object.getOwnPropertySymbols(o).length);
class Range {
  constructor(a, b) { this.a = a; this.b = b; }
  *[Symbol.iterator]() { for (let i = this.a; i < this.b; i++) yield i; }
  get [Symbol.toStringTag]() { return 'Range'; }
  [Symbol.toPrimitive](hint) { return hint === 'number' ? this.b - this.a : `${this.a}..${this.b}`; }
  static [Symbol.hasInstance](x) { return typeof x === 'object' && x !== null && 'a' in x && 'b' in x; }
}
const r = new Range(2, 6);
console.log([...r], String(r), +r, `${r}`, r + '', Object.prototype.toString.call(r));
console.log({ a: 0, b: 1 } instanceof Range, [] instanceof Range);
class MyArr extends Array { static get [Symbol.species]() { return Array; } }
const ma = MyArr.from([1, 2, 3]);
const mapped = ma.map((x) => x * 2);
console.log(ma instanceof MyArr, mapped instanceof MyArr, mapped.constructor.name);
const spreadable = { length: 2, 0: 'x', 1: 'y', [Symbol.isConcatSpreadable]: true };
console.log([0].concat(spreadable));
const keyObj = { toString() { return 'fromToString'; } };
const bag = {};
bag[keyObj] = 1;
const symKey = { [Symbol.toPrimitive]() { return secret; } };
bag[symKey] = 'via toPrimitive symbol';
console.log(Object.keys(bag), bag[secret], bag[symKey]);
const matcher = { [Symbol.match](s) { return s.length > 3 ? ['long'] : null; } };
console.log('hello'.match(matcher), 'hi'.match(matcher));
const unsc = Array.prototype[Symbol.unscopables];
console.log(unsc.flat, unsc.includes, Object.getPrototypeOf(unsc));
const iterable = { from: 1, to: 3, [Symbol.iterator]() { let c = this.from; const t = this.to; return { next: () => (c <= t ? { value: c++, done: false } : { value: undefined, done: true }) }; } };
console.log(Array.from(iterable), Math.max(...iterable));
const desc = Symbol();
console.log(desc.toString(), desc.description, typeof desc, Object(desc) instanceof Symbol);
