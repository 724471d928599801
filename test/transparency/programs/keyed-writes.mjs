// Properties written by built-ins - Object.assign, Reflect.set, Object.defineProperty: getters and
// setters run once each, property order, proxies' traps, keys converted once, and the same errors.
const log = [];
const flush = (label) => { console.log(label.padEnd(22), log.join(', ')); log.length = 0; };
const show = (label, fn) => { try { console.log(label.padEnd(22), fn()); } catch (e) { console.log(label.padEnd(22), `${e.constructor.name}: ${e.message}`); } };
const key = (name) => ({ toString() { log.push(`toString ${name}`); return name; } });
const val = (label, v) => { log.push(label); return v; };
const traced = (name, target) => new Proxy(target, {
  has(t, k) { log.push(`${name}.has ${String(k)}`); return Reflect.has(t, k); },
  get(t, k, r) { log.push(`${name}.get ${String(k)}`); return Reflect.get(t, k, r); },
  set(t, k, v, r) { log.push(`${name}.set ${String(k)}`); return Reflect.set(t, k, v, r); },
  ownKeys(t) { log.push(`${name}.ownKeys`); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor(t, k) { log.push(`${name}.gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
  defineProperty(t, k, d) { log.push(`${name}.define ${String(k)}`); return Reflect.defineProperty(t, k, d); },
});

// Object.assign: target properties written in order, getters and setters run once each.
const o = { a: 1, 2: 'two', [Symbol.for('s')]: 's' };
const target = { z: 0, a: 0 };
const src = { get b() { log.push('get b'); return 2; }, a: 1, 1: 'one' };
const r = Object.assign(target, src, null, undefined, 'xy', { [Symbol.for('t')]: 't' });
console.log(r === target, Object.keys(target), JSON.stringify(target), target[Symbol.for('t')]);
flush('assign getters');
const withSetter = { set v(x) { log.push(`set v ${x}`); } };
Object.assign(withSetter, { v: 1 }, { v: 2 });
flush('assign setters');
const pt = traced('t', {});
Object.assign(pt, { a: 1, b: 2 });
flush('assign proxy target');
Object.assign({}, traced('s', { a: 1 }));
flush('assign proxy source');
show('assign null target', () => Object.assign(null, { a: 1 }));
show('assign frozen', () => Object.assign(Object.freeze({ a: 1 }), { a: 2 }));
show('assign to array', () => JSON.stringify(Object.assign([1, 2, 3], [9], { 2: 'x' })));
show('assign fresh', () => JSON.stringify(Object.assign({}, o, { c: 3 })));
show('assign one arg', () => Object.assign(o) === o);
show('assign spread', () => JSON.stringify(Object.assign({ q: 1 }, ...[{ r: 2 }, { s: 3 }])));
show('assign order', () => { Object.assign(val('target', {}), val('source 1', {}), val('source 2', {})); return log.splice(0).join(' then '); });

// Reflect.set and Object.defineProperty.
const w = {};
show('Reflect.set', () => [Reflect.set(w, 'a', 1), Reflect.set(w, key('b'), 2), Reflect.set(Object.freeze({}), 'c', 3)].join());
flush('toString once');
show('Reflect.set number', () => Reflect.set(1, 'a', 1));
show('defineProperty', () => JSON.stringify(Object.defineProperty(w, key('c'), { value: 3, enumerable: true })));
flush('toString once');
show('defineProperty bad', () => Object.defineProperty(w, 'd', 5));
show('defineProperty getter', () => { Object.defineProperty(w, 'e', { get() { return 'got'; }, enumerable: false }); return [w.e, Object.keys(w).join()].join(' '); });
show('defineProperty proxy', () => { Object.defineProperty(pt, 'c', { value: 1 }); return log.splice(0).join(); });
console.log(Object.keys(w), JSON.stringify(w));
