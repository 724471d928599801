// The with statement (sloppy CommonJS): scope lookups, Symbol.unscopables, a proxy scope with logging traps.
const point = { x: 3, y: 4, label: 'p' };
let outside = 'outer variable';
with (point) {
  console.log(x, y, label, Math.hypot(x, y), outside);
  x = 30;
  label += '!';
  var declaredInWith = y * 2;
}
console.log(point, declaredInWith);
const arr = [3, 1, 2];
with (arr) {
  console.log(length, join('-'), typeof keys, typeof values);
  push(4);
}
console.log(arr);
const scoped = { value: 1, [Symbol.unscopables]: { value: true } };
const value = 'from outer scope';
with (scoped) { console.log(value); }
function render(template, data) {
  with (data) { return template.replace(/\{(\w+)\}/g, (_, k) => eval(k)); }
}
console.log(render('Hello {name}, you are {age}', { name: 'Ada', age: 36 }));
const seen = [];
const scope = new Proxy({ a: 1, b: 2 }, {
  has(t, k) { if (typeof k === 'string') seen.push(`has ${k}`); return k in t; },
  get(t, k) { if (typeof k === 'string') seen.push(`get ${k}`); return t[k]; },
  set(t, k, v) { seen.push(`set ${k}`); t[k] = v; return true; },
});
with (scope) {
  a = a + b;
  const total = a * b;
  seen.push(`total ${total}`);
}
console.log(seen.join(', '));
seen.length = 0;
const config = { opts: { depth: 1 }, items: [1, 2] };
with (new Proxy(config, { has(t, k) { seen.push(`has ${String(k)}`); return k in t; } })) {
  opts.depth += 1;
  items.push(items.length);
  console.log(opts.depth, items);
}
console.log(seen.join(', '));
const sandbox = new Proxy({ result: [] }, { has: () => true, get: (t, k) => (k === Symbol.unscopables ? undefined : k in t ? t[k] : globalThis[k]) });
with (sandbox) { result.push(typeof Math, typeof notDefinedAnywhere); }
console.log(sandbox.result);
const strictSandbox = new Proxy({ out: [], n: 2 }, { has: () => true, get: (t, k) => (typeof k === 'string' ? t[k] : undefined) });
try {
  with (strictSandbox) { out.push(n * 21, typeof console); }
  console.log(strictSandbox.out);
} catch (e) { console.log('sandbox failed', e.constructor.name, e.message); }
