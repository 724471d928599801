// Source shapes a rewrite has to keep: parenthesized assignment targets, comments inside the
// parentheses around an object, functions named by the assignment that creates them, function
// declarations an async body declares twice, and a for-of loop's iterator protocol across an await.
let x = null;
let y = 1;
const o = { a: null, b: 1 };
function parens() {
  (x) ??= 1;
  ((x)) ||= 2;
  (o.a) ??= 3;
  (o.b) += 1;
  return [x, o.a, o.b];
}
async function parensAwait() {
  (y) += await 2;
  (o.b) += await 3;
  (y)++;
  return [y, o.b];
}
console.log(parens(), await parensAwait());

function comments(p) {
  (p /* note */).b = 5;
  (p /* c */).b++;
  const arr = [1];
  (arr /* c */).push(3);
  return [(p /* note */).b, (p /* note */)[0], (p /* c */)['b'], (p // line
  ).b, arr.length, (p /* c */).hasOwnProperty('b')];
}
console.log(comments({ b: 1, 0: 'z' }));

let f, C, g, h, k, m = null;
function names() {
  f = () => {};
  C = class {};
  g ??= function () {};
  h ||= async () => {};
  k = (function () {});
  m &&= () => {};
  m ??= () => {};
}
names();
console.log(f.name, C.name, g.name, h.name, k.name, m.name);

async function varAndFunction() { var fn = 1; function fn() {} await null; return typeof fn; }
async function twice() { function fn() { return 1; } function fn() { return 2; } await null; return fn(); }
async function loopVar() { for (var j = 0; j < 1; j++) { var v = 2; } function v() {} await null; return typeof v; }
console.log(await varAndFunction(), await twice(), await loopVar());

class Listed extends Array {
  [Symbol.iterator]() {
    let i = 0;
    return { next: () => ({ value: this[i], done: i++ >= this.length }), return: (...args) => (console.log('return() got', args.length, 'arguments'), {}) };
  }
}
for (const item of Listed.from([1, 2])) {
  await null;
  console.log('first item', item);
  break;
}
const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
const originalNext = arrayIterator.next;
let patchedCalls = 0;
const seen = [];
for (const item of [1, 2, 3]) {
  await null;
  seen.push(item);
  // for-of took `next` once, at the start: a patch made during the loop is not called.
  if (item === 1) arrayIterator.next = function () { patchedCalls++; return originalNext.call(this); };
}
arrayIterator.next = originalNext;
console.log(seen, patchedCalls);
