// super property access and calls: methods, getters/setters, statics, object literals, async methods, arrows.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class Store {
  static kind = 'store';
  #items = new Map();
  constructor(name) { this.name = name; this.log = [`Store(${name})`]; }
  get size() { return this.#items.size; }
  set limit(v) { this.log.push(`Store.limit=${v}`); this._limit = v; }
  get limit() { return this._limit ?? Infinity; }
  put(k, v) { this.#items.set(k, v); this.log.push(`Store.put ${k}`); return this; }
  fetch(k) { return this.#items.get(k); }
  async load(k) { await sleep(1); this.log.push(`Store.load ${k}`); return this.fetch(k) ?? null; }
  static describe() { return `kind=${this.kind}`; }
  toString() { return `Store:${this.name}`; }
}
class CachedStore extends Store {
  static kind = 'cached';
  hits = 0;
  constructor(name) { super(`${name}*`); this.log.push('CachedStore ctor'); }
  get size() { return super.size * 10; }
  set limit(v) { super.limit = v * 2; }
  get limit() { return super.limit; }
  put(k, v) { const r = super.put(k, v); this.log.push(`Cached.put ${k}`); return r; }
  async load(k) {
    const first = await super.load(k);
    const again = await super.load.call(this, k);
    const viaArrow = await (async () => { await sleep(1); return super.fetch(k); })();
    this.hits += 1;
    return `${first}/${again}/${viaArrow}`;
  }
  static describe() { return `${super.describe()} (sub of ${super.name ?? 'Function'})`; }
  toString() { return `${super.toString()}+cache`; }
  keyFn() { return () => super.fetch('a'); }
}
const cs = new CachedStore('main');
cs.put('a', 1).put('b', 2);
cs.limit = 5;
console.log(cs.size, cs.limit, cs._limit, `${cs}`, CachedStore.describe(), Store.describe());
console.log(await cs.load('a'), cs.hits, cs.keyFn()());
console.log(cs.log.join(' | '));
const base = { greet() { return `base hello from ${this.id}`; }, prop: 'base-prop' };
const derived = { __proto__: base, id: 'derived', greet() { return `${super.greet()} (+derived) ${super.prop}`; } };
console.log(derived.greet(), Object.getPrototypeOf(derived) === base);
const mixin = (B) => class extends B { put(k, v) { this.log.push(`mixin ${k}`); return super.put(k, v); } };
const Mixed = mixin(CachedStore);
const mx = new Mixed('mix');
mx.put('z', 26);
console.log(mx.log.slice(-3), mx.fetch('z'), Mixed.describe(), Mixed.kind, mx instanceof Store);
class Err extends Error { constructor(msg, code) { super(msg, { cause: code }); this.name = 'Err'; } get summary() { return `${this.name}:${super.message ?? this.message}:${this.cause}`; } }
const e = new Err('failed', 42);
console.log(e.summary, e.message, e.cause, e instanceof Error);
class Arr extends Array { push(...xs) { return super.push(...xs.map((x) => x * 2)); } }
const a = new Arr();
a.push(1, 2);
console.log(a, a.length, Arr.from([1]).constructor.name);
class Parent { static async make() { await sleep(1); return new this(); } async work() { await null; return 'parent work'; } }
class Kid extends Parent { async work() { const r = await super.work(); return `${r} + kid`; } static async make() { const k = await super.make(); k.tag = 'kid'; return k; } }
const kid = await Kid.make();
console.log(kid.constructor.name, kid.tag, await kid.work());
