// Key tests - `k in o`, Object.hasOwn, Reflect.has, hasOwnProperty - as programs write them: the key
// evaluated before the object and converted once, proxies' traps run once, and the same errors.
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

// `in`: the key before the object, converted once, and only after the object is checked.
const o = { a: 1, 2: 'two', [Symbol.for('s')]: 's' };
console.log('a' in o, 2 in o, '2' in o, 'b' in o, Symbol.for('s') in o, 'toString' in o);
show('in order', () => [val('key', 'a') in val('object', o), log.splice(0).join(' then ')].join(' '));
show('in key object', () => key('a') in o);
flush('toString once');
show('in toPrimitive sym', () => ({ [Symbol.toPrimitive]() { log.push('toPrimitive'); return Symbol.for('s'); } }) in o);
flush('toPrimitive once');
show('in on number', () => 'x' in 5);
show('in on undefined', () => 'x' in undefined);
show('in key obj on null', () => key('a') in null);
flush('no toString on throw');
show('in throwing key', () => ({ toString() { throw new Error('bad key'); } }) in o);
const p = traced('p', { a: 1 });
show('in proxy', () => ['a' in p, 'z' in p].join());
flush('has trap once');
show('in nested', () => ('a' in o) in { true: 1 });
show('in array', () => [0 in [9], 1 in [9], '0' in [9], 'length' in []].join());
class Brand { #x = 1; static is(v) { return #x in v; } }
show('private in', () => [Brand.is(new Brand()), Brand.is({})].join());
const arr = ['a'];
let i = 0;
show('in key side effect', () => [i++ in arr, i++ in arr, i].join());
for (let j = ('a' in o) ? 0 : 5; j < 1; j++) console.log('in in for head', j);

// Object.hasOwn, Reflect.has, hasOwnProperty.
show('hasOwn', () => [Object.hasOwn(o, 'a'), Object.hasOwn(o, 2), Object.hasOwn(o, 'toString'), Object.hasOwn('str', 0)].join());
show('hasOwn key object', () => Object.hasOwn(o, key('a')));
flush('toString once');
show('hasOwn null', () => Object.hasOwn(null, key('a')));
flush('no toString');
show('hasOwn proxy', () => Object.hasOwn(p, 'a'));
flush('gopd trap once');
show('Reflect.has', () => [Reflect.has(o, 'a'), Reflect.has(o, 'toString'), Reflect.has(p, 'a')].join());
flush('has trap once');
show('Reflect.has number', () => Reflect.has(1, 'x'));
show('hasOwnProperty', () => [o.hasOwnProperty('a'), o.hasOwnProperty(key('a')), ({}).hasOwnProperty.call(o, 'b')].join());
flush('toString once');
const bare = Object.create(null);
show('hasOwnProperty none', () => bare.hasOwnProperty('a'));
show('hasOwnProperty.call', () => Object.prototype.hasOwnProperty.call(bare, 'a'));
const custom = { hasOwnProperty(k) { return `custom ${typeof k}`; } };
show('own hasOwnProperty', () => custom.hasOwnProperty(key('a')));
flush('key passed as is');
const hasOwnProperty = Object.prototype.hasOwnProperty;
show('saved hasOwnProperty', () => hasOwnProperty.call(o, 'a'));
{ const Object = { hasOwn: (a, b) => `local ${typeof a} ${typeof b}` }; show('local Object', () => Object.hasOwn(o, key('a'))); }
flush('local: no toString');
