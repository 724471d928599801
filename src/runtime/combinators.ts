// Rule 3 for Promise.all and Promise.allSettled: the combined promise settles in the reaction to the
// last input only, so the promise hooks alone would order just that input before the awaiter. The
// wrappers hand the inputs to the hooks, which join every input's settlement into the result's.
// Promise.race and Promise.any need nothing: the input that decides them settles them.

import { joinInputs } from './hooks.js';

let patched = false;

export function patchCombinators(): void {
  if (patched) return;
  patched = true;
  for (const name of ['all', 'allSettled'] as const) {
    const original = Promise[name] as (this: unknown, iterable: Iterable<unknown>) => Promise<unknown>;
    const wrapper = {
      // A method definition keeps the original's name and has no prototype, as built-ins do.
      [name](this: unknown, iterable: Iterable<unknown>): Promise<unknown> {
        let inputs: unknown[];
        try {
          inputs = Array.from(iterable);
        } catch {
          return Reflect.apply(original, this, [iterable]);
        }
        const result = Reflect.apply(original, this, [inputs]);
        joinInputs(result, inputs);
        return result;
      },
    }[name];
    Object.defineProperty(Promise, name, { value: wrapper, writable: true, configurable: true, enumerable: false });
  }
}
