// Destructuring assignments to properties and bindings, and destructured parameters: the order
// of references, gets and stores, defaults, errors, `arguments`, and functions' text and length.
const log = [];
const flush = (label) => { console.log(label.padEnd(22), log.join(', ')); log.length = 0; };
const show = (label, fn) => { try { console.log(label.padEnd(22), fn()); } catch (e) { console.log(label.padEnd(22), `${e.constructor.name}: ${e.message}`); } };
const val = (label, v) => { log.push(label); return v; };

// Destructuring assignment targets: reference, then value, then store; getters and setters once.
const t2 = { set x(v) { log.push(`set x ${v}`); } };
const source = { get x() { log.push('get x'); return 1; }, get y() { log.push('get y'); return 2; } };
({ x: val('target x', t2).x, y: val('target y', t2)[val('key y', 'y')] } = source);
flush('pattern order');
const arrT = [];
[arrT[0], arrT[val('index', 1)] = val('default', 'd'), ...arrT[2]] = ['a', undefined, 'r1', 'r2'];
console.log(JSON.stringify(arrT));
flush('array pattern');
show('pattern on null', () => { ({ a: t2.a } = null); });
show('pattern frozen', () => { 'use strict'; const f = Object.freeze({ a: 1 }); ({ a: f.a } = { a: 2 }); return f.a; });
let m1 = 1, m2 = 2;
const swap = () => { [m1, m2] = [m2, m1]; return [m1, m2].join(); };
show('swap lets', swap);
show('assign value', () => { let q; const v = ({ q } = { q: 4 }); return [q, JSON.stringify(v)].join(' '); });
for ({ a: t2.last } of [{ a: 1 }, { a: 2 }]);
for ([t2.first] of [[1]]);
console.log('for targets', t2.last, t2.first);
const named = {};
({ f: named.fn = function () {} } = {});
console.log('default fn name', JSON.stringify(named.fn.name));

// Destructured parameters.
function render({ title, body = 'none' }, [first, ...more], { ...rest } = {}) {
  return [title, body, first, more.length, Object.keys(rest).join(), arguments.length, render.length].join(' ');
}
console.log(render({ title: 't' }, ['f', 'g']), render({ title: 'u', body: 'b' }, 'xy', { r: 1 }));
show('param null', () => render(null, []));
show('param not iterable', () => render({}, 5));
function sloppyArgs({ a }) { arguments[0] = 'changed'; return [a, typeof arguments[0]].join(); }
console.log(sloppyArgs({ a: 1 }));
async function asyncParams({ a }, [b]) { await null; return a + b; }
console.log(await asyncParams({ a: 1 }, [2]));
await asyncParams(undefined, []).catch((e) => console.log('async param', e.constructor.name, e.message));
function* genParams({ a }) { yield a; }
console.log([...genParams({ a: 'gen' })]);
const methods = { m({ a }) { return a; }, set s({ a }) { log.push(`setter ${a}`); } };
methods.s = { a: 'sa' };
class K { constructor({ a }) { this.a = a; } static from([a]) { return new K({ a }); } }
console.log(methods.m({ a: 'm' }), K.from(['k']).a, String(render).slice(0, 40));
flush('setter');
console.log(render.toString() === String(render), sloppyArgs.toString().includes('__rd'));
