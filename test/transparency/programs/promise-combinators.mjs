// Promise.all / allSettled / race / any over the iterables real code passes: arrays, Sets, Map values, generators.
const log = [];
const later = (v, ms) => new Promise((r) => setTimeout(() => r(v), ms));
function* jobs() { for (let i = 0; i < 3; i++) { log.push(`yield ${i}`); yield later(i * 10, 3 - i); } }
const thenableWithGetter = (v) => ({ get then() { log.push(`get then ${v}`); return (res) => res(v); } });
console.log(await Promise.all([1, later(2, 1), Promise.resolve(3)]));
console.log(await Promise.all(new Set([later('s1', 2), 's2'])), await Promise.all(new Map([['a', later('m1', 1)]]).values()));
console.log(await Promise.all(jobs()), log.join(','));
log.length = 0;
console.log(await Promise.all([thenableWithGetter('t1'), thenableWithGetter('t2')]), log.join(','));
log.length = 0;
function* lazyThenables() { for (const v of ['g1', 'g2']) { log.push(`yield ${v}`); yield thenableWithGetter(v); } }
console.log(await Promise.all(lazyThenables()), log.join(','));
log.length = 0;
console.log(await Promise.all('ab'), await Promise.all([]), await Promise.allSettled(new Set([Promise.reject(new Error('no')), 1])).then((r) => r.map((x) => x.status)));
for (const bad of [5, { length: 1, 0: 'x' }, null, undefined, {}]) {
  try { console.log('resolved', await Promise.all(bad)); } catch (e) { console.log('rejected', e.constructor.name, e.message); }
}
function* failing() { yield 1; throw new Error('generator failed mid-way'); }
try { console.log('resolved', await Promise.all(failing())); } catch (e) { console.log('rejected', e.message); }
try { console.log('resolved', await Promise.allSettled(failing())); } catch (e) { console.log('rejected', e.message); }
class Tracked extends Promise {
  static resolve(v) { log.push(`Tracked.resolve ${typeof v}`); return super.resolve(v); }
}
const t = await Tracked.all([1, Promise.resolve(2)]);
console.log(t, log.join(','));
log.length = 0;
const order = [];
const p1 = Promise.all([later('x', 1)]).then(() => order.push('all'));
const p2 = Promise.resolve().then(() => order.push('then1')).then(() => order.push('then2')).then(() => order.push('then3'));
const p3 = Promise.all([1, 2]).then(() => order.push('all-sync-values'));
await Promise.all([p1, p2, p3]);
console.log(order.join(' '));
console.log(await Promise.race([later('slow', 30), later('fast', 1)]), await Promise.any([Promise.reject(new Error('x')), later('any', 1)]));
console.log(Promise.all.name, Promise.all.length, Object.getOwnPropertyDescriptor(Promise, 'all').enumerable, typeof Promise.all.prototype);
console.log(Promise.allSettled.name, Promise.allSettled.length, Object.keys(Promise), Object.getOwnPropertyNames(Promise).sort().join(','));

// The iterator protocol as the originals follow it: `next` taken once, `return()` called with nothing.
const iterable = {
  [Symbol.iterator]() {
    let i = 0;
    const it = {
      next() {
        i++;
        if (i === 2) it.next = () => ({ done: true, value: 'patched' });
        return i <= 3 ? { value: Promise.resolve(i), done: false } : { done: true };
      },
      return: (...args) => (console.log('return() got', args.length, 'arguments'), {}),
    };
    return it;
  },
};
console.log(await Promise.all(iterable), (await Promise.allSettled(iterable)).length);
const rejecting = { [Symbol.iterator]: () => ({ next: () => ({ value: 1, done: false }), return: (...args) => (console.log('closed with', args.length), {}) }) };
const resolve = Promise.resolve;
Promise.resolve = () => { throw new Error('resolve replaced'); };
try {
  await Promise.all(rejecting);
} catch (e) {
  console.log('caught', e.message);
} finally {
  Promise.resolve = resolve;
}
