// Rule 4 for a child process: Node emits its 'close' event once the child has exited and each of its
// stdio streams has closed (it counts them), so what the streams' 'data' listeners and the 'exit'
// listeners did comes before a 'close' listener in every run. Node emits 'close' from whichever of
// those callbacks comes last; the others ran in callbacks of their own handles, which nothing ordered
// before it (a child's output collected from 'data' and read after `await once(child, 'close')` was
// reported when the exit came last). So 'close' acquires the ends of the callbacks of the child's
// handles: its process handle's (the exit) and its stdio pipes' (their reads and their close).
//
// 'exit' and 'close' also continue the flow that spawned the child (SPEC §1, "a callback and what it
// continues"), as the process handle's own callback does (hooks.ts, ONE_SHOT): when the last stdio
// pipe closes after the exit, 'close' (and execFile's callback) comes from that pipe's callbacks,
// which continue nobody.

import { ChildProcess } from 'node:child_process';
import { current, era } from './context.js';
import { resourceContinuation, resourceEnd } from './hooks.js';
import { disguise } from './function-source.js';
import { apply, emitInherited, SafeWeakMap } from './primordials.js';

/** Each spawned child's handles, taken right after spawn (Node drops them as they close). */
const handlesOf = new SafeWeakMap<object, object[]>();

function handleOf(o: unknown): object | null {
  const h = o !== null && typeof o === 'object' ? (o as { _handle?: unknown })._handle : undefined;
  return h !== null && typeof h === 'object' ? h : null;
}

export function patchChildProcesses(): void {
  const proto = ChildProcess.prototype as unknown as Record<string, unknown>;
  const spawn = proto.spawn;
  if (typeof spawn !== 'function' || Object.prototype.hasOwnProperty.call(proto, 'emit')) return;
  const inherited = Object.getPrototypeOf(proto) as object;
  proto.spawn = disguise(
    {
      spawn(this: ChildProcess, ...args: unknown[]): unknown {
        const result = apply(spawn as (...a: unknown[]) => unknown, this, args);
        try {
          const handles: object[] = [];
          const own = handleOf(this);
          if (own !== null) handles[handles.length] = own;
          const stdio = (this as { stdio?: unknown }).stdio;
          if (Array.isArray(stdio)) {
            for (const stream of stdio) {
              const h = handleOf(stream);
              if (h !== null) handles[handles.length] = h;
            }
          }
          handlesOf.set(this, handles);
        } catch {
          /* bookkeeping never breaks a spawn */
        }
        return result;
      },
    }.spawn,
    spawn as (...a: unknown[]) => unknown,
  );
  const emit = Reflect.get(inherited, 'emit') as (...a: unknown[]) => boolean;
  Object.defineProperty(proto, 'emit', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: disguise(
      {
        emit(this: ChildProcess, event: unknown, ...args: unknown[]): boolean {
          if ((event === 'close' || event === 'exit') && era.tracking) {
            try {
              const handles = handlesOf.get(this);
              if (handles !== undefined) {
                if (event === 'close') for (const h of handles) current.acquire(resourceEnd(h));
                // The process handle is the first one taken (spawn above).
                const ctx = current;
                if (handles.length > 0 && ctx.cont === null && ctx.kind === 'callback') ctx.cont = resourceContinuation(handles[0]);
              }
            } catch {
              /* bookkeeping never breaks an event */
            }
          }
          return emitInherited(inherited, this, event, args);
        },
      }.emit,
      emit,
    ),
  });
}
