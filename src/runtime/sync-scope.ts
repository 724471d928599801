// AsyncResource#runInAsyncScope runs a function in a resource's async context synchronously, inside
// the caller's own stretch of code: node:test runs every test body and hook this way, and so do
// AsyncResource.bind and EventEmitterAsyncResource. Node announces it with the same before and after
// hooks as a callback the event loop starts, and nothing in the hook tells the two apart. Taken for
// a callback from the loop, the function lost program order with its caller in both directions: a
// write in it "raced" with the caller's read just before the call, and the caller's read after the
// call with that write. (node:test's tests had a second break of their own: the runner waits for a
// test through a Promise subclass, whose reactions V8 announces without the promise they react to;
// subclass.ts restores that edge.)
//
// So the call is marked here, for the hook it causes: hooks.ts then keeps the caller's segment open,
// orders the function after what the caller did so far, and the caller's later code after the
// function. Node's queueMicrotask runs each callback through runInAsyncScope too, but from the
// microtask queue, with no program code calling it: hooks.ts does not take those for calls.

import { AsyncResource } from 'node:async_hooks';
import { disguise } from './function-source.js';
import { passThrough } from '../../loader/own-frames.js';

let entering = false;

/** True once for the before hook of a runInAsyncScope call (the flag is taken). */
export function takeSyncScope(): boolean {
  const e = entering;
  entering = false;
  return e;
}

export function patchRunInAsyncScope(): void {
  const proto = AsyncResource.prototype as unknown as Record<string, unknown>;
  const original = proto.runInAsyncScope;
  if (typeof original !== 'function') return;
  const d = Object.getOwnPropertyDescriptor(proto, 'runInAsyncScope');
  Object.defineProperty(proto, 'runInAsyncScope', {
    configurable: d?.configurable ?? true,
    writable: d?.writable ?? true,
    enumerable: d?.enumerable ?? false,
    value: disguise(
      {
        runInAsyncScope(this: unknown, ...args: unknown[]): unknown {
          entering = true;
          try {
            // Through passThrough, whose frames the stack formatter leaves out: node:test runs every
            // test body here, and an error's stack named this wrapper and lost a program frame to it.
            return passThrough(2, original, this, args);
          } finally {
            // The hooks may be off (a sampling pause): the mark must not fall to the next callback.
            entering = false;
          }
        },
      }.runInAsyncScope,
      original,
    ),
  });
}
