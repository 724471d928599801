// Destructuring (nested, defaults, rest, computed keys) and spread, with evaluation order logged.
const log = [];
const def = (name, v) => { log.push(`default ${name}`); return v; };
const config = { server: { host: 'localhost', ports: [80, 443] }, retries: 0, name: undefined, extra1: 'x', extra2: 'y' };
const { server: { host, ports: [http, https = def('https', 8443), ...morePorts] }, retries = def('retries', 3), name = def('name', 'anon'), ...rest } = config;
console.log(host, http, https, morePorts, retries, name, rest, log.join(','));
log.length = 0;
const key = 'dyn';
const { [key]: dynamic = 'none', [`${key}2`]: d2 = def('d2', 'dflt') } = { dyn: 'here' };
console.log(dynamic, d2, log.join(','));
function* counter() { let i = 0; try { while (true) { log.push(`yield ${i}`); yield i++; } } finally { log.push('closed'); } }
log.length = 0;
const [first, , third] = counter();
console.log(first, third, log.join(','));
log.length = 0;
const [head, ...tail] = 'héllo';
console.log(head, tail, [...new Set('aabbc')].join(''), [...new Map([[1, 'a']]).keys()]);
let a = 1, b = 2;
[a, b] = [b, a];
const swap = { x: 'x', y: 'y' };
[swap.x, swap.y] = [swap.y, swap.x];
console.log(a, b, swap);
const target = {};
({ p: target.first, q: target['second'] = 'q-default', ...target.rest } = { p: 1, r: 3, s: 4 });
console.log(target);
function params({ a = 1, b: { c } = { c: 'cdef' } } = {}, [x, y = x * 2] = [5], ...others) {
  return [a, c, x, y, others.length, arguments.length];
}
console.log(params(), params({ a: 9, b: { c: 'given' } }, [1], 'o1', 'o2'), params.length);
const getters = { get one() { log.push('get one'); return 1; }, get two() { log.push('get two'); return 2; } };
const copy = { ...getters, two: 'override', three: 3 };
console.log(copy, log.join(','));
log.length = 0;
const merged = { ...null, ...undefined, ...'ab', ...[9, 8], ...{ 0: 'zero' } };
console.log(merged, [...'ab', ...[1, 2], ...new Set([3])]);
const nums = [3, 1, 2];
console.log(Math.max(...nums), Math.min(...nums, 0), String.fromCharCode(...[104, 105]), new Date(...[Date.UTC(2020, 1, 3)]).toISOString());
function collect(...args) { return args.map((v) => typeof v).join(','); }
console.log(collect(...nums, ...'xy', ...[null, undefined, {}]));
const arrLike = { length: 2, 0: 'a', 1: 'b' };
console.log(Array.from(arrLike), [...Array.prototype.slice.call(arrLike)]);
for (const [k, { v = 'dv' } = {}] of [['k1', { v: 'v1' }], ['k2']]) console.log(k, v);
for (const { id, tags: [t1 = 'none'] = [] } of [{ id: 1, tags: ['a'] }, { id: 2 }]) console.log(id, t1);
const entries = Object.entries({ z: 26, y: 25 }).map(([k, v]) => `${k}${v}`);
console.log(entries, Object.fromEntries([['a', 1], ['b', 2]]));
const { length, 0: firstChar } = 'xyz';
console.log(length, firstChar);
try { const { missing: { deep } } = { }; console.log(deep); } catch (e) { console.log(e.constructor.name, e.message); }
try { const [z] = null; console.log(z); } catch (e) { console.log(e.constructor.name, e.message); }
try { const { prop } = config.absent; console.log(prop); } catch (e) { console.log(e.constructor.name, e.message); }
