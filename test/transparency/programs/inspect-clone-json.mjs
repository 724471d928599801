// structuredClone, JSON round trips, util.inspect and util.isDeepStrictEqual.
import util from 'node:util';
class Money {
  constructor(cents, currency) { this.cents = cents; this.currency = currency; }
  toJSON() { return `${(this.cents / 100).toFixed(2)} ${this.currency}`; }
  get doubled() { return this.cents * 2; }
  [util.inspect.custom](depth, opts) { return `Money<${this.cents}${this.currency}>`; }
}
class Plain { constructor() { this.x = 1; this.y = [1, 2]; } method() {} }
const cyclic = { name: 'root', when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), tags: new Set(['a', 'b']), index: new Map([['k', { deep: [1, { deeper: true }] }]]) };
cyclic.self = cyclic;
const clone = structuredClone(cyclic);
console.log(clone !== cyclic, clone.self === clone, clone.when instanceof Date, clone.when.toISOString(), clone.tags.has('b'), clone.index.get('k').deep[1].deeper);
console.log(util.isDeepStrictEqual(clone, cyclic), util.isDeepStrictEqual({ a: 1 }, { a: '1' }), util.isDeepStrictEqual([1, 2], [1, 2]));
try { structuredClone({ f() {} }); } catch (e) { console.log(e.constructor.name, e.name, e.message); }
const pc = structuredClone(new Plain());
console.log(pc.constructor.name, pc instanceof Plain, Object.keys(pc), util.isDeepStrictEqual(pc, new Plain()));
const order = { b: 1, a: 2, 10: 'ten', 2: 'two', m: new Money(1234, 'EUR'), nested: { u: undefined, n: null, f() {}, s: Symbol('x'), nan: NaN, inf: -Infinity, d: new Date(0) } };
const text = JSON.stringify(order);
console.log(text);
console.log(JSON.stringify(order, ['b', 'a', 'nested', 'n'], 2));
console.log(JSON.stringify(order, (k, v) => (typeof v === 'number' ? v * 10 : v)));
const parsed = JSON.parse(text, function (k, v) { return k === 'd' ? new Date(v) : v; });
console.log(Object.keys(parsed), parsed.nested.d instanceof Date, JSON.stringify(parsed) === text);
console.log(JSON.stringify({ big: [new Map([[1, 2]]), new Set([1])], s: 'quote " and \n newline' }), JSON.stringify('\u2028'));
try { JSON.stringify(cyclic); } catch (e) { console.log(e.constructor.name, e.message.split('\n')[0]); }
try { JSON.parse('{"a":1,}'); } catch (e) { console.log(e.constructor.name, e.message); }
try { JSON.stringify({ n: 10n }); } catch (e) { console.log(e.constructor.name, e.message); }
console.log(util.inspect(order, { depth: 0 }));
console.log(util.inspect(order, { depth: 4, sorted: true, breakLength: 200 }));
console.log(util.inspect(new Plain()), util.inspect(new Money(5, 'USD')), util.inspect(Plain), util.inspect(Money.prototype));
console.log(util.inspect(Promise.resolve(42)), util.inspect(Promise.reject(new Error('no')).catch(() => {}) && 'pending-handled'), util.inspect(new Promise(() => {})));
const rejected = Promise.reject(3);
rejected.catch(() => {});
console.log(util.inspect(rejected));
async function asyncFn() {}
function* genFn() {}
const arrow = () => {};
console.log(util.inspect(asyncFn), util.inspect(genFn), util.inspect(arrow), util.inspect(class extends Plain {}), util.inspect(Math.max), util.inspect(async () => {}));
const gettersObj = { get g() { return 'value'; }, set s(v) {}, get both() { return 1; }, set both(v) {} };
console.log(util.inspect(gettersObj), util.inspect(gettersObj, { getters: true }));
const nullProto = Object.assign(Object.create(null), { z: 1 });
console.log(util.inspect(nullProto), util.inspect(new Map([[{ a: 1 }, new Set([[]])]])), util.inspect([1, , 3, , ,]), util.inspect('str'), util.inspect(new Error('boom').message));
console.log(util.inspect({ arr: new Array(120).fill(0) }).split('\n').length, util.inspect(Object.create(Plain.prototype)), util.inspect(new (class Foo extends Map {})()));
console.log(util.format('%s %d %i %j %o %%', 'str', 42.5, 42.5, { j: 1 }, [1]), util.inspect(Symbol('sym')), util.inspect(10n), util.inspect(-0));
const frozenProxy = new Proxy({ hidden: 1 }, {});
console.log(util.inspect(frozenProxy), util.inspect(frozenProxy, { showProxy: true }), util.types.isProxy(frozenProxy));
console.log(util.isDeepStrictEqual(new Map([[1, { a: [1] }]]), new Map([[1, { a: [1] }]])), util.isDeepStrictEqual(new Set([1]), new Set(['1'])), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual([0], [-0]));
