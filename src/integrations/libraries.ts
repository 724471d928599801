// The runtime's side of the library adapters (loader/adapters.ts): the appended line hands a class to
// `adapt`, the inserted call is `latch`. Both are reached through the global runtime object, and a
// failure in either is reported once and never reaches the library.

import { annotations } from '../runtime/annotations.js';
import { hookFailed } from '../runtime/hooks.js';
import { adaptPQueue } from './p-queue.js';
import { adaptAsyncLock, adaptSemaphore } from './locks.js';
import { SafeMap } from '../runtime/primordials.js';

const CLASS_ADAPTERS: Record<string, (value: unknown) => void> = { 'p-queue': adaptPQueue, 'async-mutex': adaptSemaphore, 'async-lock': adaptAsyncLock };

export function adapt(name: string, value: unknown): void {
  try {
    CLASS_ADAPTERS[name]?.(value);
  } catch (e) {
    hookFailed(`the ${name} adapter`, e);
  }
}

/**
 * A library's callback wrapper calls through: everything its flow did so far is released into the
 * library's key, and what every earlier call released is acquired. The call that completes a latch
 * (the last task's callback, which runs the final one) then follows every task that called back
 * before it; what a flow does after its own callback is ordered with nothing new.
 */
const latchKeys = new SafeMap<string, object>();
export function latch(name: string): void {
  try {
    let key = latchKeys.get(name);
    if (key === undefined) latchKeys.set(name, (key = {}));
    annotations.happensBefore(key);
    annotations.happensAfter(key);
  } catch (e) {
    hookFailed(`the ${name} adapter`, e);
  }
}
