// Rule 5 for the lock libraries: a release happens before every later acquire of the same lock.
// Promise settlement already carries the edge when an acquire waits (the releaser resolves the
// waiter's promise), but not when the lock is free: an acquire after the holder released finds a
// counter at rest and proceeds in its own context, ordered after nothing, so two critical sections
// one after the other were reported as racing. The adapters below release into the lock's key when it
// is released and acquire it when it is requested (which, for a free lock, is when it is granted; a
// waiter also learns through its promise). Nothing waits longer and no tick is added.

import { annotations } from '../runtime/annotations.js';
import { disguise } from '../runtime/function-source.js';
import { apply, SafeMap, SafeWeakMap, SafeWeakSet } from '../runtime/primordials.js';

type Fn = (...args: unknown[]) => unknown;
const adapted = new SafeWeakSet<object>();

function replace(proto: Record<string, unknown>, name: string, make: (original: Fn) => Fn): void {
  const original = proto[name];
  if (typeof original !== 'function') return;
  const d = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, { configurable: true, writable: true, enumerable: d?.enumerable ?? false, value: disguise(make(original as Fn), original) });
}

/** async-mutex's Semaphore (its Mutex is a Semaphore of one; withTimeout and tryAcquire wrap either). */
export function adaptSemaphore(Semaphore: unknown): void {
  if (typeof Semaphore !== 'function') return;
  const proto = (Semaphore as { prototype: Record<string, unknown> }).prototype;
  if (adapted.has(proto)) return;
  adapted.add(proto);
  for (const name of ['acquire', 'waitForUnlock']) {
    replace(proto, name, (original) =>
      function (this: object, ...args: unknown[]) {
        annotations.happensAfter(this);
        return apply(original, this, args);
      },
    );
  }
  replace(proto, 'release', (original) =>
    function (this: object, ...args: unknown[]) {
      annotations.happensBefore(this);
      return apply(original, this, args);
    },
  );
}

/** One key object per (lock, key) for async-lock, whose keys are values. */
const keyObjects = new SafeWeakMap<object, Map<unknown, object>>();
function keyObject(lock: object, key: unknown): object {
  let byKey = keyObjects.get(lock);
  if (byKey === undefined) keyObjects.set(lock, (byKey = new SafeMap()));
  let k = byKey.get(key);
  if (k === undefined) byKey.set(key, (k = {}));
  return k;
}

/**
 * async-lock: the critical section is the function passed to acquire(key, fn). It acquires the key
 * when it starts and releases it when it ends: its callback is called, or the promise it returned
 * settles (observed by a reaction added before async-lock's own, so async-lock's runs no later).
 * The wrapper keeps fn.length, which selects async-lock's callback mode.
 */
export function adaptAsyncLock(AsyncLock: unknown): void {
  if (typeof AsyncLock !== 'function') return;
  const proto = (AsyncLock as { prototype: Record<string, unknown> }).prototype;
  if (adapted.has(proto)) return;
  adapted.add(proto);
  replace(proto, 'acquire', (original) =>
    function (this: object, key: unknown, fn: unknown, ...rest: unknown[]) {
      if (typeof fn !== 'function') return apply(original, this, [key, fn, ...rest]);
      const keys = (Array.isArray(key) ? key : [key]).map((k) => keyObject(this, k));
      const acquire = (): void => {
        for (const k of keys) annotations.happensAfter(k);
      };
      const release = (): void => {
        for (const k of keys) annotations.happensBefore(k);
      };
      const section = fn as Fn;
      const wrapped =
        section.length === 1
          ? function (this: unknown, done: Fn) {
              acquire();
              return apply(section, this, [
                function (this: unknown, ...results: unknown[]) {
                  release();
                  return apply(done, this, results);
                },
              ]);
            }
          : function (this: unknown, ...args: unknown[]) {
              acquire();
              let result: unknown;
              try {
                result = apply(section, this, args);
              } catch (e) {
                release();
                throw e;
              }
              if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
                (result as PromiseLike<unknown>).then(release, release);
              } else release();
              return result;
            };
      return apply(original, this, [key, wrapped, ...rest]);
    },
  );
}
