// Comma expressions (what CoffeeScript and Babel emit: `results.push((ref = node, node = node.next,
// ref.value))`) in every position the rewrite wraps, and parenthesized values in assignments it
// rewrites: each must keep its value, the last operand's, and run every operand once, in order.
const log = [];
let a = 0, b = 0, c = null;
const t = (v) => (log.push(v), v);
const o = { p: 1, q: { v: 9 }, list: [1, 2] };
const arr = [], m = new Map([['k', 1]]), s = new Set();

function writes() {
  o.p = (a = 1, t('w'));
  b = (a = 2, t(7));
  c ??= (a = 3, t('c'));
  b += (a = 4, t(1));
  b ||= (t('skipped'), 0);
  arr.push((a = 5, t('o')));
  arr.unshift((t(0), 'u'));
  m.set('k', (a = 6, t('v')));
  s.add((a = 7, t('s')));
  arr.splice(0, 0, (a = 8, 'sp'), (t(1), 'sp2'));
  return [o.p, b, c, a, arr, m.get((t('key'), 'k')), s.has((0, 's'))];
}
console.log(writes(), log.splice(0));

function reads() {
  const r = (a = 9, o).q.v;
  const k = 'p';
  const keys = [];
  for (const x of (t('of'), o.list)) keys.push(x);
  for (const key in (t('in'), o.q)) keys.push(key);
  const { p } = (t('destructure'), o);
  const [first] = (t('array pattern'), o.list);
  let got;
  ({ v: got } = (t('assign pattern'), o.q));
  return [r, (t('computed'), o)[k], keys, p, first, got, [...(t('spread'), o.list)], Math.max(...(0, o.list))];
}
console.log(reads(), log.splice(0));

function tests() {
  return [(t('in'), 'p') in (0, o), Object.hasOwn((t('own'), o), (0, 'q')), JSON.stringify((t('json'), o.q)), Object.values((0, o.q)), structuredClone((0, o.list))];
}
console.log(tests(), log.splice(0));

async function awaits() {
  const r = await (a = 10, t(o.q));
  o.p = (t('before'), await (0, t('after')));
  b += (await t(1), t(2));
  c &&= (await (0, 'awaited'), t('set'));
  return [r, o.p, b, c, a];
}
awaits().then((r) => console.log(r, log.splice(0)));
