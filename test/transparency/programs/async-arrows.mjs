// Async arrow functions (object literal bodies, single params, defaults), async IIFEs, thenables, ordering.
const make = async () => ({ a: 1, nested: { b: [2] } });
const single = async x => x * 2;
const withDefault = async (x, { scale = 10 } = {}) => x * scale;
const returnsArrow = async () => () => 'inner arrow';
const empty = async () => {};
const comma = async (x) => (x, x + 1);
const paren = async (x) => (((x)));
const ternary = async (flag) => (flag ? { yes: true } : [false]);
const seq = [];
const thenable = { then(resolve) { seq.push('thenable.then called'); resolve('from thenable'); } };
async function main() {
  console.log(await make(), await single(21), await withDefault(2), await withDefault(2, { scale: 3 }));
  console.log((await returnsArrow())(), await empty(), await comma(1), await paren('p'), await ternary(true), await ternary(false));
  console.log(await thenable, seq);
  const fns = [1, 2, 3].map(async (n) => ({ n, sq: n * n }));
  console.log(await Promise.all(fns));
  const obj = { base: 5, add: async function (x) { return this.base + x; }, async method(y) { return this.base * y; }, arrowThis: async () => typeof this };
  console.log(await obj.add(1), await obj.method(2), await obj.arrowThis());
  const args = async function () { return arguments.length; };
  console.log(await args(1, 2, 3), empty.length, withDefault.length, single.name, make.name, (async () => {}).name);
  console.log(Object.prototype.toString.call(make), make.constructor.name, make() instanceof Promise, typeof make().then);
  const iife = await (async (v) => { const r = await Promise.resolve(v); return { r }; })('iife');
  console.log(iife);
  const a = (async () => { console.log('a1'); await null; console.log('a2'); await null; console.log('a3'); })();
  const b = (async () => { console.log('b1'); await null; console.log('b2'); })();
  console.log('sync end');
  await Promise.all([a, b]);
}
process.nextTick(() => console.log('tick: nextTick'));
queueMicrotask(() => console.log('tick: microtask'));
Promise.resolve().then(() => console.log('tick: promise.then'));
setImmediate(() => console.log('tick: immediate'));
console.log('tick: sync');
main().then(() => console.log('main done'));
