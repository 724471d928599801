// Compound assignment with await on the right: o.n += await f(), this.#x, arrays, variables.
const log = [];
const later = (x, ms = 1) => new Promise((r) => setTimeout(() => { log.push(`resolved ${x}`); r(x); }, ms));
let total = 10;
class Wallet {
  #cents = 0;
  history = [];
  async deposit(p) { this.#cents += await p; this.history.push(this.#cents); return this; }
  async scale(p) { this.#cents *= await p; return this.#cents; }
  get cents() { return this.#cents; }
}
async function main() {
  const o = { n: 1, s: 'a', list: [1, 2, 3], nested: { deep: { v: 2 } } };
  o.n += await later(4);
  o.s += await later('b');
  o.n -= await later(2);
  o.n **= await later(2);
  o.n %= await later(4);
  o.n <<= await later(3);
  o.n |= await later(1);
  o.list[1] += await later(10);
  o.nested.deep.v *= await later(5);
  total += await later(5);
  total -= await later(1);
  const k = 'dyn';
  o[k] = (o[k] ?? 0) + (await later(7));
  o.count = (await later(2)) + (await later(3));
  const w = new Wallet();
  await (await w.deposit(later(100))).deposit(later(50));
  const scaled = await w.scale(later(2));
  const arr = [0, 0];
  arr[0] += await later(1);
  arr[arr.length - 1] -= await later(1);
  let s = 'x';
  s += `${await later('y')}${await later('z')}`;
  const text = `${o.n}-${await later('tpl')}-${o.s}`;
  const viaArgs = Math.max(await later(3), o.n, await later(9));
  const cond = (await later(true)) ? await later('yes') : await later('no');
  console.log(o, total, w.cents, w.history, scaled, arr, s, text, viaArgs, cond);
  console.log(log.length, log.slice(0, 6).join(','));
  let counter = 0;
  for (let i = 0; i < 3; i++) counter += await later(i);
  const results = [];
  for (const x of [1, 2, 3]) results.push((await later(x)) * 2);
  console.log(counter, results);
  let str = 'start';
  try { str += await Promise.reject(new Error('rejected rhs')); } catch (e) { console.log(e.message, str); }
  const untouched = { v: 1 };
  try { untouched.v += await Promise.reject(new Error('no write')); } catch (e) { console.log(e.message, untouched.v); }
}
await main();
console.log('total', total);
