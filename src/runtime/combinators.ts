// Rule 3 for Promise.all and Promise.allSettled: the combined promise settles in the reaction to the
// last input only, so the promise hooks alone would order just that input before the awaiter. The
// wrappers hand the inputs to the hooks, which join every input's settlement into the result's.
// Promise.race and Promise.any need nothing: the input that decides them settles them.

import { joinInputs } from './hooks.js';
import { disguise } from './function-source.js';
import { apply } from './primordials.js';
import { watchedIterator } from './iteration.js';

const patched = new WeakSet<object>();

/** `Promise`: this realm's, or another realm's (a vm context) whose code the runtime also watches. */
export function patchCombinators(Promise: PromiseConstructor = globalThis.Promise): void {
  if (patched.has(Promise)) return;
  patched.add(Promise);
  for (const name of ['all', 'allSettled'] as const) {
    const original = Promise[name] as (this: unknown, iterable: Iterable<unknown>) => Promise<unknown>;
    const wrapper = {
      // A method definition keeps the original's name and has no prototype, as built-ins do.
      [name](this: unknown, iterable: Iterable<unknown>): Promise<unknown> {
        // Inputs are noted as the original consumes them, so iteration order, laziness and errors
        // stay exactly the original's; anything not iterable is handed over untouched.
        const method = iterable !== null && iterable !== undefined ? (iterable as { [Symbol.iterator]?: unknown })[Symbol.iterator] : undefined;
        if (typeof method !== 'function') return apply(original, this, [iterable]);
        const inputs: unknown[] = [];
        const noting = {
          [Symbol.iterator]() {
            return watchedIterator(apply(method, iterable, []) as Iterator<unknown>, (r) => {
              if (r !== null && typeof r === 'object' && !r.done) inputs[inputs.length] = r.value;
            });
          },
        };
        const result = apply(original, this, [noting]);
        joinInputs(result, inputs);
        return result;
      },
    }[name];
    disguise(wrapper, original);
    Object.defineProperty(Promise, name, { value: wrapper, writable: true, configurable: true, enumerable: false });
  }
}
