// Creation stacks: where a flow or a timer came from ("created at" in reports, and the "sleep" of a
// timed read). One costs ~10 us here, more than the async call or the timer it describes, and hot code
// makes thousands. Each origin - an async function's site, a timer's callback - gets its own stack for
// its first 32 uses; later ones share the latest, and reports say the stack is a representative one.

import { captureError } from '../report/stack.js';
import { createTag } from './tag.js';
import { SafeMap } from './primordials.js';

const PRECISE = 32;

interface Seen {
  count: number;
  last: Error;
  /** What every later creation gets once `count` reached PRECISE: one object, shared. */
  representative: CreationStack | null;
}

export interface CreationStack {
  stack: Error;
  /** A representative stack of the same origin, not this one's own. */
  shared: boolean;
}

/**
 * Stands for the program's main flow where a context records the flow that started it (a promise
 * reaction, an I/O callback): the main flow has no creation of its own, and reports name it as such.
 */
export const MAIN_FLOW: CreationStack = { stack: new Error('racedetect main flow'), shared: false };

export class CreationStacks {
  private readonly byValue = new SafeMap<unknown, Seen>();
  // Functions are tagged rather than kept as Map keys, so a callback can still be collected.
  private readonly byObject = createTag<Seen>();

  constructor(private readonly message: string) {}

  /** A stack for one more creation from `origin` (a number, a string or a function). */
  take(origin: unknown): CreationStack {
    const isObject = typeof origin === 'function' || (typeof origin === 'object' && origin !== null);
    const seen = isObject ? this.byObject.get(origin as object) : this.byValue.get(origin);
    if (seen !== undefined && seen.count >= PRECISE) return (seen.representative ??= { stack: seen.last, shared: true });
    const stack = captureError(this.message, 10);
    if (seen !== undefined) {
      seen.count++;
      seen.last = stack;
    } else if (isObject) this.byObject.set(origin as object, { count: 1, last: stack, representative: null });
    else this.byValue.set(origin, { count: 1, last: stack, representative: null });
    return { stack, shared: false };
  }
}
