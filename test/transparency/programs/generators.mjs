// Generators, async generators, for await, iterator protocol (return/throw), yield*.
const log = [];
function* fib() { let [a, b] = [0, 1]; while (true) { yield a; [a, b] = [b, a + b]; } }
function* take(it, n) { let i = 0; for (const v of it) { if (i++ >= n) return 'done'; yield v; } }
console.log([...take(fib(), 10)]);
function* inner() { try { const got = yield 'i1'; log.push(`inner got ${got}`); yield 'i2'; } finally { log.push('inner finally'); } return 'inner-ret'; }
function* outer() { const r = yield* inner(); log.push(`delegate returned ${r}`); yield 'o1'; }
const g = outer();
console.log(g.next(), g.next('sent'), g.next(), g.next(), log.join(' | '));
log.length = 0;
const g2 = outer();
g2.next();
console.log(g2.return('early'), g2.next(), log.join(' | '));
log.length = 0;
function* catcher() { while (true) { try { yield 'waiting'; } catch (e) { log.push(`caught ${e}`); yield 'recovered'; } } }
const c = catcher();
c.next();
console.log(c.throw('oops'), c.next(), log.join(' | '));
log.length = 0;
for (const v of fib()) { if (v > 20) break; log.push(v); }
console.log(log.join(','));
log.length = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function* ticks(n) {
  try { for (let i = 0; i < n; i++) { await sleep(1); yield `tick${i}`; } } finally { log.push('ticks cleanup'); }
}
class Paged {
  constructor(pages) { this.pages = pages; }
  async *[Symbol.asyncIterator]() { for (const p of this.pages) { await null; yield* p; } }
}
async function main() {
  const out = [];
  for await (const t of ticks(3)) out.push(t);
  for await (const t of ticks(5)) { if (t === 'tick1') break; out.push(t); }
  for await (const v of [Promise.resolve('p1'), 'plain', sleep(2).then(() => 'p2')]) out.push(v);
  for await (const item of new Paged([[1, 2], [3], []])) out.push(item);
  const ag = ticks(2);
  out.push(JSON.stringify(await ag.next()), JSON.stringify(await ag.return('stop')), JSON.stringify(await ag.next()));
  const manual = { i: 0, [Symbol.asyncIterator]() { return this; }, async next() { return this.i < 2 ? { value: this.i++, done: false } : { done: true }; } };
  for await (const m of manual) out.push(`m${m}`);
  console.log(out.join(' '));
  console.log(log.join(' | '));
  const gen = fib();
  console.log(typeof gen.next, gen[Symbol.iterator]() === gen, Object.prototype.toString.call(gen), Object.prototype.toString.call(ticks(1)));
  async function* failing() { yield 1; throw new Error('agen failed'); }
  try { for await (const x of failing()) console.log('got', x); } catch (e) { console.log('caught', e.message); }
  const arr = [];
  for (const x of (function* () { yield* [1, 2]; yield* 'ab'; })()) arr.push(x);
  console.log(arr, Array.from({ length: 3 }, (_, i) => i ** 2));
}
main().then(() => console.log('end'));
