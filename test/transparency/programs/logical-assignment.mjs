// ??=, ||=, &&= on variables, properties, computed keys, private fields and with await on the right.
const log = [];
const v = (x) => { log.push(`rhs ${String(x)}`); return x; };
const later = (x) => new Promise((r) => setTimeout(() => r(x), 1));
let a = null, b = 0, c = 'keep';
a ??= v('a'); b ||= v('b'); c &&= v('c');
a ??= v('never'); b &&= v('b2'); c ||= v('never');
console.log(a, b, c, log.join(','));
log.length = 0;
const opts = { retries: 0, name: '', cache: undefined, on: true };
opts.retries ??= v(3); opts.name ||= v('default'); opts.cache ??= v(new Map()); opts.on &&= v('enabled');
const key = 'dynamic';
opts[key] ??= v('dyn'); opts[key] ||= v('never'); opts[`${key}2`] &&= v('never');
console.log(opts.retries, opts.name, opts.cache instanceof Map, opts.on, opts.dynamic, 'dynamic2' in opts, log.join(','));
log.length = 0;
const watched = { _x: 0, get x() { log.push('get x'); return this._x; }, set x(val) { log.push(`set x=${val}`); this._x = val; } };
watched.x ||= 5; watched.x ||= 6; watched.x &&= 7; watched.x ??= 8;
console.log(watched._x, log.join(','));
log.length = 0;
class Lazy {
  #cache = null;
  static #shared;
  get value() { return (this.#cache ??= v('computed')); }
  static shared() { return (Lazy.#shared ||= v('shared')); }
  async load() { this.#cache &&= await later(`${this.#cache}+loaded`); return this.#cache; }
}
const lz = new Lazy();
console.log(lz.value, lz.value, Lazy.shared(), Lazy.shared(), log.join(','));
log.length = 0;
let moduleLevel;
async function fill(target) {
  moduleLevel ??= await later('from await');
  moduleLevel ||= await later('never');
  target.slot ??= await later('slot');
  target.slot &&= await later(`${target.slot}!`);
  target.count ||= await later(1);
  target['k' + 1] ??= await later('computed');
  return target;
}
const r = await fill({ count: 0 });
console.log(moduleLevel, r, await lz.load());
const nums = [null, 0, 1];
nums[0] ??= 'n'; nums[1] ||= 'z'; nums[2] &&= 'o';
console.log(nums);
const m = new Map();
const bucket = (k) => { let arr = m.get(k); arr ??= []; m.set(k, arr); return arr; };
bucket('x').push(1); bucket('x').push(2);
console.log([...m], (null ?? 0) || 'f', (0 ?? 'n') && 'y', null ?? undefined ?? 'last');
let counter = 0;
const obj = { n: null };
obj[counter++] ??= 'zero';
obj[counter++] ||= 'one';
console.log(obj, counter);
try { const frozen = Object.freeze({ x: null }); frozen.x ??= 1; } catch (e) { console.log(e.constructor.name, e.message); }
