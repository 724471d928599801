// new with namespaced constructors (new a.b.C()), reassigned class bindings, class expressions, factories.
const models = { v1: { User: class User { constructor(name) { this.name = name; } } }, shapes: {} };
models.shapes.Circle = class { constructor(r) { this.r = r; } area() { return Math.round(Math.PI * this.r * this.r); } };
const lib = { models };
const u = new lib.models.v1.User('ann');
const c = new models.shapes.Circle(2);
console.log(u, u.constructor.name, c.area(), new lib.models.v1.User('bob').name);
let Impl = class Slow { run() { return 'slow'; } };
Impl = class Fast { run() { return 'fast'; } };
const impl = new Impl();
const build = () => new Impl();
console.log(impl.run(), impl.constructor.name, new Impl().run(), build().run());
let Counter;
Counter = function (start) { this.n = start; };
Counter.prototype.inc = function () { return ++this.n; };
console.log(new Counter(5).inc(), new Counter(0) instanceof Counter);
const registry = new Map([['date', Date], ['list', Array], ['set', Set]]);
const made = [...registry].map(([k, C]) => `${k}:${new C().constructor.name}`);
console.log(made.join(' '), new (registry.get('set'))([1, 1, 2]).size);
class Node { constructor(v) { this.v = v; this.kids = []; } add(v) { const n = new this.constructor(v); this.kids.push(n); return n; } }
class Tagged extends Node { constructor(v) { super(`#${v}`); } }
const root = new Tagged('root');
root.add('a').add('b');
console.log(JSON.stringify(root), root.kids[0] instanceof Tagged);
const factory = (kind) => ({ point: class { constructor(x, y) { Object.assign(this, { x, y }); } } })[kind];
console.log(new (factory('point'))(1, 2));
const ns = { deep: { deeper: { Err: class extends Error { constructor(m) { super(m); this.name = 'DeepErr'; } } } } };
try { throw new ns.deep.deeper.Err('thrown from deep ns'); } catch (e) { console.log(e.name, e.message, e instanceof ns.deep.deeper.Err); }
const Maker = new Proxy(class Base { constructor(x) { this.x = x; } }, { construct(t, args) { return { proxied: true, x: args[0] * 2 }; } });
console.log(new Maker(21));
const withoutParens = new Date;
console.log(typeof withoutParens.getTime(), new Map instanceof Map, (new Set).size);
let Dyn = Array;
Dyn = Uint8Array;
console.log(new Dyn(3).length, new Dyn([1, 2])[1]);
const make = { obj: { Ctor: Map } };
console.log(new make.obj.Ctor([[1, 'x']]).get(1), new make['obj']['Ctor']().size);
const target = function () {};
target.Inner = function (v) { this.v = v; };
console.log(new target.Inner(3).v, new globalThis.URL('https://example.com/a?b=1').searchParams.get('b'));
