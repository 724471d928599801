// Hand-made synchronisation (SPEC rule 7): happensBefore(key) releases the running flow's clock into
// the key's, happensAfter(key) acquires it. Keys are compared by identity (objects) or value.

import { type Clock, EMPTY, joinStamp, width } from './clock.js';
import { current, slotCount } from './context.js';
import { setIgnore } from './access.js';
import { setPolling } from './detect.js';
import { allReports } from '../report/sink.js';
import { SafeMap, SafeWeakMap } from './primordials.js';

const byObject = new SafeWeakMap<object, Clock>();
const byValue = new SafeMap<unknown, Clock>();

function get(key: unknown): Clock {
  return (typeof key === 'object' && key !== null) || typeof key === 'function' ? (byObject.get(key as object) ?? EMPTY) : (byValue.get(key) ?? EMPTY);
}

function set(key: unknown, vc: Clock): void {
  if ((typeof key === 'object' && key !== null) || typeof key === 'function') byObject.set(key as object, vc);
  else byValue.set(key, vc);
}

export const annotations = {
  happensBefore(key: unknown): void {
    set(key, joinStamp(get(key), current.stamp()));
  },
  happensAfter(key: unknown): void {
    current.acquireClock(get(key));
  },
  ignore(delta: number): void {
    setIgnore(delta);
  },
  /** Reads made until the matching -1 are a poll's (a test runner's expect.poll callback). */
  polling(delta: number): void {
    setPolling(delta);
  },
  races(): readonly unknown[] {
    return allReports().slice();
  },
  /** Internal figures for tests and benchmarks: how many vector-clock slots exist. */
  stats(): { slots: number; width: number } {
    return { slots: slotCount(), width: width(current.vc) };
  },
};
