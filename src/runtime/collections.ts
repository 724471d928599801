// Garbage collections, as far as the detector's own references are concerned.
//
// A few caches on the access path hold the program's objects strongly: the object each site touched
// last, the last shadows looked up. They are bounded in number, but an object held there outlives the
// program's last reference to it, which the program can see (a WeakRef still derefs, a
// FinalizationRegistry callback does not come) and which keeps whatever that object holds in memory.
// So the caches are emptied after every full collection (a sentinel's finalizer says one happened),
// which bounds how long they keep anything, and before every collection the program asks for itself
// (`gc()` under --expose-gc), which then frees exactly what it would free without the detector.

import { disguise } from './function-source.js';
import { apply } from './primordials.js';

const listeners: (() => void)[] = [];

/** Runs `fn` after each full collection and before each `gc()` the program calls. */
export function onCollection(fn: () => void): void {
  listeners[listeners.length] = fn;
}

/** What a collection does to the caches (the unit tests also call it, to run code with every cache empty). */
export function collected(): void {
  for (const fn of listeners) {
    try {
      fn();
    } catch {
      /* a cache that cannot be emptied keeps its entries; nothing else depends on it */
    }
  }
}

let sentinels: FinalizationRegistry<number> | null = null;

function arm(): void {
  // Only this registry knows the object, so it is garbage from the next collection on. Weak targets
  // are cleared by full collections, so the finalizer runs after one of those.
  sentinels?.register({}, 0);
}

let watching = false;

export function watchCollections(): void {
  if (watching) return;
  watching = true;
  sentinels = new FinalizationRegistry(() => {
    collected();
    arm();
  });
  arm();
  const g = globalThis as { gc?: unknown };
  const original = g.gc;
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'gc');
  // V8 installs it writable and non-configurable; only the value changes.
  if (typeof original !== 'function' || desc === undefined || !(desc.writable || desc.configurable)) return;
  const gc = {
    gc(this: unknown, ...args: unknown[]): unknown {
      collected();
      return apply(original as (...a: unknown[]) => unknown, this, args);
    },
  }.gc;
  disguise(gc, original);
  if (desc.writable) g.gc = gc;
  else Object.defineProperty(globalThis, 'gc', { ...desc, value: gc });
}
