// The runtime entry points that instrumented code calls, installed as the global `__rd$`.
//
// Member accesses are rewritten "record, then let the engine do it": `o.p` becomes
// `__rd$.r(o, "p", site).p`, so the property get itself is still the program's own, with its own strict
// or sloppy semantics, getters, `this`, and error messages. Computed keys are converted to property
// keys once here and handed back through `__rd$.k`, so a key's toString runs once, as it would.
// Collections are told apart by brand checks (util.types), never by proxies or patched prototypes.

import { types } from 'node:util';
import { AsyncContext, current, setCurrent, callbackContext, main } from './context.js';
import { onRead, onWrite, flushCandidates } from './detect.js';
import { Cell, type Shadow, noteCreation, shadowOf } from './shadow.js';
import { registerFile } from './sites.js';
import { captureError } from '../report/stack.js';

const { isMap, isSet, isProxy, isTypedArray, isWeakMap, isWeakSet } = types;
const hasOwn = Object.prototype.hasOwnProperty;
const mapHas = Map.prototype.has;
const setHas = Set.prototype.has;

let enabled = true;
/** Nestable: while > 0, accesses are not recorded (racedetect's `ignore()` annotation). */
let ignoreDepth = 0;
export function setIgnore(delta: number): void {
  ignoreDepth = Math.max(0, ignoreDepth + delta);
}
export function disableTracking(): void {
  enabled = false;
}

function active(): boolean {
  return enabled && ignoreDepth === 0;
}

function kindName(o: object): string {
  if (isProxy(o)) return 'Proxy';
  if (Array.isArray(o)) return 'Array';
  const proto = Object.getPrototypeOf(o);
  if (proto === null) return 'Object';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
}

function shadow(o: object): Shadow {
  return shadowOf(o, kindName(o), isMap(o) || isSet(o) || isWeakMap(o) || isWeakSet(o));
}

function toKey(key: unknown): string | symbol {
  if (typeof key === 'symbol') return key;
  if (typeof key === 'string') return key;
  return `${key as string}`;
}

function isIndex(key: string | symbol): boolean {
  if (typeof key !== 'string') return false;
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && String(Number(key) >>> 0) === key;
}

function isObject(o: unknown): o is object {
  return (typeof o === 'object' && o !== null) || typeof o === 'function';
}

/** Which location a property get/set on `o` touches (null: none we track, e.g. a Map's methods). */
function propertyCell(o: object, key: string | symbol): Cell | null {
  if (isMap(o) || isSet(o)) return key === 'size' ? shadow(o).structureCell() : null;
  if (Array.isArray(o) || isTypedArray(o)) {
    if (key === 'length') return shadow(o).structureCell();
    return isIndex(key) ? shadow(o).cell(key) : null;
  }
  return shadow(o).cell(key);
}

function readProp(o: unknown, key: string | symbol, site: number): void {
  if (!isObject(o) || !active()) return;
  const c = propertyCell(o, key);
  if (c !== null) onRead(c, site, 'read');
}

function writeProp(o: unknown, key: string | symbol, site: number, update: boolean): void {
  if (!isObject(o) || !active()) return;
  const c = propertyCell(o, key);
  if (c === null) return;
  // Adding a key changes the object's structure (key set and order); proxies are left alone, since
  // asking them whether a key exists would run the program's traps.
  if (!isProxy(o)) {
    if (Array.isArray(o)) {
      if (key === 'length' || (isIndex(key) && Number(key) >= o.length)) onWrite(shadow(o).structureCell(), site, true);
    } else if (!isMap(o) && !isSet(o) && !hasOwn.call(o, key)) {
      onWrite(shadow(o).structureCell(), site, true);
    }
  }
  if (c !== shadow(o).structure) onWrite(c, site, update);
}

const ARRAY_MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const ITERATORS = new Set(['forEach', 'keys', 'values', 'entries']);

/** A method call on a collection: which locations it reads and writes. */
function methodAccess(o: unknown, name: string, site: number, arg: unknown, hasArg: boolean): void {
  if (!isObject(o) || !active()) return;
  if (isMap(o) || isSet(o)) {
    const sh = shadow(o);
    switch (name) {
      case 'get':
      case 'has':
        if (hasArg) onRead(sh.cell(arg), site, 'read');
        return;
      case 'set':
      case 'add': {
        const present = isMap(o) ? Reflect.apply(mapHas, o, [arg]) : Reflect.apply(setHas, o, [arg]);
        if (!present) onWrite(sh.structureCell(), site, true);
        onWrite(sh.cell(arg), site, false);
        return;
      }
      case 'delete': {
        const present = isMap(o) ? Reflect.apply(mapHas, o, [arg]) : Reflect.apply(setHas, o, [arg]);
        if (present) onWrite(sh.structureCell(), site, true);
        onWrite(sh.cell(arg), site, false);
        return;
      }
      case 'clear':
        onWrite(sh.structureCell(), site, false);
        for (const c of sh.cells.values()) onWrite(c, site, false);
        return;
      default:
        if (ITERATORS.has(name)) onRead(sh.structureCell(), site, 'read');
        return;
    }
  }
  if (Array.isArray(o)) {
    const sh = shadow(o);
    if (ARRAY_MUTATORS.has(name)) onWrite(sh.structureCell(), site, true);
    else if (name === 'at' && hasArg) onRead(sh.structureCell(), site, 'read');
    else if (typeof (Array.prototype as unknown as Record<string, unknown>)[name] === 'function') onRead(sh.structureCell(), site, 'read');
  }
}

/** Reads of a whole object's key set or a collection's contents (spread, for-in, Object.keys, for-of). */
function structureRead(o: unknown, site: number, kind: 'read' | 'iterate'): void {
  if (!isObject(o) || !active() || isProxy(o)) return;
  if (typeof o === 'function') return;
  onRead(shadow(o).structureCell(), site, kind);
}

/** Wraps a collection for a for-of loop whose body awaits: each step reads the structure again. */
function iterateAcross<T>(iterable: Iterable<T>, site: number): Iterable<T> {
  if (!isObject(iterable) || !(Array.isArray(iterable) || isMap(iterable) || isSet(iterable))) return iterable;
  return {
    [Symbol.iterator]() {
      const it = iterable[Symbol.iterator]();
      return {
        next() {
          structureRead(iterable, site, 'iterate');
          return it.next();
        },
        return(value?: unknown) {
          const r = (it as Iterator<T>).return;
          return (r ? Reflect.apply(r, it, [value]) : { done: true, value }) as IteratorResult<T>;
        },
        [Symbol.iterator]() {
          return this;
        },
      };
    },
  };
}

// Async function contexts

function enter(site: number): AsyncContext {
  const caller = current;
  const ctx = new AsyncContext('async', caller.forkClock());
  ctx.fnSite = site;
  ctx.timed = caller.timed;
  ctx.returnTo = caller;
  if (active()) ctx.creation = captureError('racedetect context', 10);
  setCurrent(ctx);
  return ctx;
}

/** Before an await suspends `ctx`: control goes back to whoever resumed or called it. */
function suspend(ctx: AsyncContext, site: number): void {
  if (current !== ctx) resume(ctx);
  ctx.awaitSite = site;
  ctx.state = 'suspended';
  const back = ctx.returnTo ?? callbackContext();
  ctx.returnTo = null;
  // The first suspension returns to the caller, which continues after the callee's synchronous prefix.
  if (ctx.segment === 0) back.acquire(ctx.stamp());
  setCurrent(back);
}

/** After an await resumes `ctx`: the reaction's clock (the settler's) flows into the flow's own. */
function resume(ctx: AsyncContext): void {
  const reaction = current;
  if (reaction === ctx) return;
  ctx.acquireClock(reaction.vc);
  if (reaction.slot >= 0) ctx.acquire(reaction.stamp());
  ctx.timed = reaction.timed;
  ctx.segment++;
  ctx.state = 'running';
  ctx.returnTo = reaction;
  setCurrent(ctx);
}

function leave(ctx: AsyncContext): void {
  if (current !== ctx) resume(ctx);
  ctx.state = 'finished';
  const back = ctx.returnTo ?? callbackContext();
  ctx.returnTo = null;
  back.acquire(ctx.stamp());
  setCurrent(back);
}

// Method calls announced by `m` and completed by `ka`, innermost last (arguments nest).
const pendingObjects: unknown[] = [];
const pendingNames: string[] = [];
const pendingSites: number[] = [];
const pendingKeys: unknown[] = [];

/** The object installed as `globalThis.__rd$`. Short names: they appear at every access. */
export const api = {
  /** Last computed key converted by `rk`/`wk`/`uk`/`dk`, read back by the rewritten member expression. */
  k: undefined as unknown,
  file(url: string, table: number[], names: string[]): number {
    return registerFile(url, table, names);
  },
  r(o: unknown, name: string, site: number): unknown {
    readProp(o, name, site);
    return o;
  },
  rk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    api.k = k;
    readProp(o, k, site);
    return o;
  },
  w(o: unknown, name: string, site: number): unknown {
    writeProp(o, name, site, false);
    return o;
  },
  wk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    api.k = k;
    writeProp(o, k, site, false);
    return o;
  },
  u(o: unknown, name: string, site: number): unknown {
    writeProp(o, name, site, true);
    return o;
  },
  uk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    api.k = k;
    writeProp(o, k, site, true);
    return o;
  },
  /** Write after the value: `o.p = await v` records the write in the segment that performs it. */
  sv(o: unknown, name: string, value: unknown, site: number): unknown {
    writeProp(o, name, site, false);
    return value;
  },
  d(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    api.k = k;
    if (isObject(o) && active() && !isProxy(o)) {
      const sh = shadow(o);
      if (hasOwn.call(o, k)) onWrite(sh.structureCell(), site, true);
      onWrite(sh.cell(k), site, false);
    }
    return o;
  },
  /** `o.name(k, ...)`: remembers the call until its first argument is known (`ka`). */
  m(o: unknown, name: string, site: number): unknown {
    pendingObjects.push(o);
    pendingNames.push(name);
    pendingSites.push(site);
    pendingKeys.push(undefined);
    return o;
  },
  /** The only argument of the call `m` announced: records the access, returns the argument. */
  ka<T>(arg: T): T {
    const name = pendingNames.pop();
    const o = pendingObjects.pop();
    const site = pendingSites.pop() as number;
    pendingKeys.pop();
    if (name !== undefined) methodAccess(o, name, site, arg, true);
    return arg;
  },
  /** The first of several arguments: kept until the last one (`kz`) is evaluated. */
  kb<T>(arg: T): T {
    pendingKeys[pendingKeys.length - 1] = arg;
    return arg;
  },
  /** The last argument: every argument is evaluated, so the call's access happens now. */
  kz<T>(arg: T): T {
    const name = pendingNames.pop();
    const o = pendingObjects.pop();
    const site = pendingSites.pop() as number;
    const key = pendingKeys.pop();
    if (name !== undefined) methodAccess(o, name, site, key, true);
    return arg;
  },
  m0(o: unknown, name: string, site: number): unknown {
    methodAccess(o, name, site, undefined, false);
    return o;
  },
  /** A method call whose arguments await: recorded when the call happens, after the arguments. */
  cl(o: unknown, name: string, site: number, ...args: unknown[]): unknown {
    methodAccess(o, name, site, args[0], args.length > 0);
    return Reflect.apply((o as Record<string, (...a: unknown[]) => unknown>)[name], o, args);
  },
  ir<T>(o: T, site: number): T {
    structureRead(o, site, 'read');
    return o;
  },
  it<T>(o: Iterable<T>, site: number): Iterable<T> {
    return active() ? iterateAcross(o, site) : o;
  },
  n<T>(o: T, site: number): T {
    if (isObject(o)) noteCreation(o, site);
    return o;
  },
  // Variables: a cell per binding instance, declared beside the variable.
  v(label: string): Cell {
    return new Cell(null, undefined, label);
  },
  rb<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell !== undefined && active()) onRead(cell, site, 'read');
    return value;
  },
  wb<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell !== undefined && active()) onWrite(cell, site, false);
    return value;
  },
  ub<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell !== undefined && active()) onWrite(cell, site, true);
    return value;
  },
  enter,
  aw<T>(value: T, ctx: AsyncContext, site: number): T {
    suspend(ctx, site);
    return value;
  },
  rs<T>(value: T, ctx: AsyncContext): T {
    resume(ctx);
    return value;
  },
  leave,
  /**
   * ES module top-level code is the program's main flow, whichever loader reaction evaluates it;
   * top-level await suspends and resumes that flow.
   */
  top(): AsyncContext {
    if (current !== main) resume(main);
    return main;
  },
  flush(): void {
    flushCandidates(true);
  },
};

export type RuntimeApi = typeof api;
