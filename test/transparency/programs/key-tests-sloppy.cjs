// Sloppy-mode CommonJS: `in` and key tests next to `with`, an `arguments` binding of the program's own
// beside destructured parameters, and `Object` / `Reflect` names of the program's own.
const log = [];
const cfg = { host: 'h', port: 1 };
with (cfg) console.log('with', 'host' in cfg, host, port);
function own({ a }) { var arguments = ['mine']; return [a, arguments[0]].join(); }
function ownLater({ a }, b) { const r = [a, b, arguments.length]; var arguments; return r.join(); }
console.log(own({ a: 1 }), ownLater({ a: 2 }, 3));
function mapped({ a }, b) { b = 'changed'; return [a, b, arguments[1]].join(); }
console.log(mapped({ a: 1 }, 'orig'));
const Reflect = { has: (o, k) => `local has ${typeof k}`, set: () => 'local set' };
const key = { toString() { log.push('toString'); return 'host'; } };
console.log(Reflect.has(cfg, key), Reflect.set(cfg, key, 1), log.length);
var Object = globalThis.Object;
console.log(Object.hasOwn(cfg, 'host'), JSON.stringify(Object.assign(cfg, { port: 2 })));
function counter() { return this === undefined ? 'undefined this' : typeof this; }
console.log('in this', 'x' in { x: counter() });
function legacy({ a }, b) {
  if (b === undefined) return legacy.apply(this, arguments.length > 1 ? arguments : [arguments[0], 'default']);
  return [a, b, typeof this].join(' ');
}
console.log(legacy({ a: 'x' }), legacy.call('s', { a: 'y' }, 'given'));
const state = {};
function claim(id) { if (!(id in state)) state[id] = 'claimed'; return Object.keys(state).join(); }
console.log(claim('a'), claim('a'), claim('b'), state.hasOwnProperty('a'), Object.prototype.hasOwnProperty.call(state, 'z'));
