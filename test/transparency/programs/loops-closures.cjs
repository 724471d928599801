// Labelled loops with break/continue, closures counting in loops (var vs let), switch fallthrough.
const grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const found = [];
outer: for (let r = 0; r < grid.length; r++) {
  inner: for (let c = 0; c < grid[r].length; c++) {
    if (grid[r][c] % 2 === 0) continue inner;
    if (grid[r][c] === 5) continue outer;
    if (grid[r][c] > 7) break outer;
    found.push(grid[r][c]);
  }
}
console.log(found);
let count = 0;
block: { count++; if (count) break block; count = 100; }
console.log(count);
const varFns = [];
for (var i = 0; i < 3; i++) varFns.push(() => i);
const letFns = [];
for (let j = 0; j < 3; j++) letFns.push(() => j);
console.log(varFns.map((f) => f()), letFns.map((f) => f()));
function makeCounter(start = 0) {
  let n = start;
  return { inc: () => ++n, dec: () => --n, add(k) { n += k; return n; }, get value() { return n; } };
}
const c1 = makeCounter(), c2 = makeCounter(10);
c1.inc(); c1.inc(); c2.dec(); c1.add(5);
console.log(c1.value, c2.value, c1.inc(), c2.add(-20));
let total = 0;
const adders = [1, 2, 3].map((k) => () => { total += k; return total; });
adders.forEach((f) => f());
console.log(total, adders[2]());
const memo = (() => { const cache = {}; let hits = 0; return (n) => { if (n in cache) { hits++; return [cache[n], hits]; } cache[n] = n * n; return [cache[n], hits]; }; })();
console.log(memo(4), memo(4), memo(5), memo(4));
function classify(n) {
  const out = [];
  switch (n % 4) {
    case 0: out.push('zero');
    case 1: out.push('one'); break;
    case 2: { out.push('two'); }
    default: out.push('default');
  }
  return out.join('+');
}
console.log([0, 1, 2, 3].map(classify));
let k = 0, w = '';
do { w += k; k += 2; } while (k < 7);
while (true) { if (--k < 3) break; w += '.'; }
console.log(w, k);
for (let a = 0, b = 10; a < b; a += 3, b -= 3) w += `[${a},${b}]`;
console.log(w);
const o = { b: 1, a: 2, 1: 'x', 0: 'y' };
const keys = [];
for (const key in o) keys.push(key);
const proto = Object.create({ inherited: true });
proto.own = 1;
for (const key in proto) keys.push(key);
console.log(keys.join(','));
for (var t = 0; t < 3; t++) setTimeout(() => console.log(`timer var:${t}`), 0);
for (let t2 = 0; t2 < 3; t2++) setTimeout(() => console.log(`timer let:${t2}`), 0);
let fizz = '';
for (let n = 1; n <= 15; n++) fizz += n % 15 === 0 ? 'FB' : n % 3 === 0 ? 'F' : n % 5 === 0 ? 'B' : n;
console.log(fizz, count++, count, ++count, count--, count);
