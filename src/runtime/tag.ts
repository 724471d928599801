// Invisible per-object data.
//
// The detector must attach state to promises, timers and the program's own objects without the program
// being able to see it: a Symbol property shows in util.inspect and Object.getOwnPropertySymbols, and a
// WeakMap costs ~700 ns per set+get here against ~16 ns for this. A base class whose constructor returns
// its argument lets a subclass install a private field on any object ("return override"); private
// fields are invisible to reflection, inspection, JSON and proxies' traps.
// Objects that refuse new private fields (non-extensible ones, on engines that enforce it) fall back to
// a WeakMap.

import { SafeWeakMap } from './primordials.js';

class ReturnsItsArgument {
  constructor(o: object) {
    return o;
  }
}

export interface Tag<T> {
  get(o: object): T | undefined;
  set(o: object, v: T): void;
}

/**
 * A WeakMap behind the Tag interface, for objects that already exist when the detector first meets
 * them and live on (a keep-alive socket met in a sampling window): a private field added mid-life
 * changes the object's hidden class, and the engine's code for such objects, Node's included, runs
 * slower from then on.
 */
export function createWeakTag<T>(): Tag<T> {
  const map = new SafeWeakMap<object, T>();
  return { get: (o) => map.get(o), set: (o, v) => void map.set(o, v) };
}

export function createTag<T>(): Tag<T> {
  const fallback = new SafeWeakMap<object, T>();
  // Most programs never freeze what the detector tags: skip the WeakMap until something needed it.
  let fallbackUsed = false;
  class Stamp extends ReturnsItsArgument {
    #value: T | undefined;
    constructor(o: object, v: T) {
      super(o);
      this.#value = v;
    }
    static get(o: object): T | undefined {
      return #value in o ? o.#value : fallbackUsed ? fallback.get(o) : undefined;
    }
    static set(o: object, v: T): void {
      if (#value in o) {
        o.#value = v;
        return;
      }
      try {
        new Stamp(o, v);
      } catch {
        fallbackUsed = true;
        fallback.set(o, v);
      }
    }
  }
  return { get: Stamp.get, set: Stamp.set };
}
