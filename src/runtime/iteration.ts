// An iterator handed on step by step to the code that consumes it, with `step` told of each result:
// for-of across an await (access.ts) and the inputs of Promise.all (combinators.ts). The protocol stays
// the consumer's own: `next` is taken once, as for-of and the combinators take it, and `return()` gets
// the arguments the consumer called it with (none).

import { apply } from './primordials.js';

export function watchedIterator<T>(it: Iterator<T>, step: (r: IteratorResult<T>) => void): Iterator<T> & Iterable<T> {
  const next = it.next;
  return {
    next() {
      const r = apply(next, it, []) as IteratorResult<T>;
      step(r);
      return r;
    },
    return(...args: unknown[]) {
      // Absent: nothing to close. Present but no function: calling it throws, as the consumer's would.
      const r = it.return;
      return (r === undefined || r === null ? { done: true, value: undefined } : apply(r, it, args)) as IteratorResult<T>;
    },
    [Symbol.iterator]() {
      return this;
    },
  };
}
