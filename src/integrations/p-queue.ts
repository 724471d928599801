// p-queue (rule 5's kind of edge, for a queue rather than a lock): a task's end happens before the
// queue reports that it is empty or idle. p-queue decides that by counting, in the context of whichever
// task finished last, which knows nothing of the others; so `await queue.onIdle()` followed by reading
// what the tasks wrote looked unordered (a timing-dependent read, when the tasks waited on timers).
//
// The queue's own events carry the edges, so nothing of the program's is wrapped and no tick is added:
// p-queue emits 'completed', 'error' and 'next' in the context that awaited a task's end, which then
// releases into the queue's key (as happensBefore(queue) would); 'empty' and 'idle' acquire it before
// their listeners run, and onEmpty() / onIdle() resolve from those events.

import { annotations } from '../runtime/annotations.js';
import { disguise } from '../runtime/function-source.js';
import { apply, SafeSet, SafeWeakSet } from '../runtime/primordials.js';

interface Emitter {
  emit(event: unknown, ...args: unknown[]): boolean;
}

const RELEASE = new SafeSet<unknown>(['completed', 'error', 'next']);
const ACQUIRE = new SafeSet<unknown>(['empty', 'idle']);
const adapted = new SafeWeakSet<object>();

export function adaptPQueue(PQueue: unknown): void {
  if (typeof PQueue !== 'function') return;
  const proto = (PQueue as { prototype: Emitter }).prototype;
  if (adapted.has(proto) || typeof proto.emit !== 'function') return;
  adapted.add(proto);
  const emit = proto.emit;
  // Defined like the method it overrides (non-enumerable), on p-queue's prototype only.
  Object.defineProperty(proto, 'emit', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: disguise(function emit_(this: object, event: unknown, ...args: unknown[]): boolean {
      if (RELEASE.has(event)) annotations.happensBefore(this);
      else if (ACQUIRE.has(event)) annotations.happensAfter(this);
      return apply(emit, this, [event, ...args]) as boolean;
    }, emit),
  });
}
