// Rule 3 for the reactions of Promise subclasses.
//
// `then` on a promise of a subclass makes its derived promise through the subclass's constructor (the
// species), and V8 then announces that promise to the init hook without the promise it reacts to. So
// the reaction did not acquire the settlement it reacts to, and everything after it lost that edge.
// node:test waits for every test through `SafePromise`, a subclass in Node's own primordials (whose
// methods are copies made before the detector loads, out of its reach): a test that awaited a timer
// "raced" with the next test, which node:test never starts before the first one ended.
//
// What V8 does let the detector see is when a reaction job is queued, relative to jobs of its own. A
// reaction job is queued by exactly one segment: the one that settles the promise it reacts to (V8
// queues the reactions right after the `settled` hook returns), or, if that promise was settled
// already, the one that calls `then` (right after the init hook of the derived promise returns). Jobs
// run in the order they were queued. So before each of those two events, unless the newest queued
// marker already names the running segment, the detector queues a marker job naming it. Every
// subclass reaction job then sits behind a marker of the segment that queued it with no other
// segment's marker in between, and when the job runs, the marker that ran last names that segment.
// The reaction acquires that segment's end: for a settlement, exactly rule 3's edge (the detector
// stands a settlement by its segment); for a `then` on a settled promise, the segment that made the
// reaction (rule 2, known anyway), and the settlement stays unknown as before (a missing edge: at
// worst a false report, never a hidden race).
//
// No edge is added that the program does not have. Each condition that takes is checked:
// - The promise was made by the built-in `then` (its frame is the first one under the constructors in
//   the init hook's stack): not a capability of `race`/`all`/`resolve`, nor a subclass promise the
//   program made with an executor of its own, whose resolve functions the program holds and whose
//   first job may be a thenable job - queued by `resolve` with no hook at all, so behind any marker.
// - Its class and every class it extends up to Promise have no constructor of their own or only
//   `constructor(x) { super(x); }` (SafePromise's), by their source text: its resolve functions stay
//   inside V8's reaction, so its first job is its reaction. Only that first job uses the marker (a
//   later one is a thenable job resolving it).
// - The settlement that queues the reactions places a marker: once any such reaction exists, every
//   settled promise whose prototype is not Promise.prototype, or that has a `constructor` of its own,
//   does. A plain promise's `then` makes a subclass's promise otherwise only if the program replaced
//   Promise.prototype.constructor or Promise[Symbol.species]; reactions made meanwhile are not marked.
// - A marker that ran before the reaction was made names no queue position of it: nothing is
//   acquired then. Markers of another sampling era are ignored.
// Not covered (a reaction could learn a wrong segment): a program that changes a promise's prototype
// or own `constructor` between `then` and its settlement, and reactions whose handlers come from a vm
// context with a microtask queue of its own (their jobs do not queue behind the markers).
//
// Cost: nothing for programs without promise subclasses beyond one prototype check per promise made
// without a parent; with them, a stack capture per promise of a subclass made without a parent, and at
// most one marker job per segment that settles such a promise or calls `then` on one.

import { types } from 'node:util';
import { era, type OuterSegment } from './context.js';
import { SafeWeakMap, indexOfText, regExpExec } from './primordials.js';

const { isProxy } = types;
const OriginalPromise = Promise;
export const PromisePrototype: object = Promise.prototype;
export const getPrototypeOf = Reflect.getPrototypeOf;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const defineProperty = Reflect.defineProperty;
const nativeToString = Function.prototype.toString;
const captureStackTrace = Error.captureStackTrace;
const ErrorConstructor = Error;
const isArray = Array.isArray;
const { bind, call } = Function.prototype;
const uncurryThis = bind.bind(call) as <A extends unknown[], R>(fn: (...args: A) => R) => (self: unknown, ...args: A) => R;
const functionToString = uncurryThis(nativeToString);
const then = uncurryThis(Promise.prototype.then) as (p: Promise<unknown>, onFulfilled: () => void) => Promise<unknown>;
const stringReplace = uncurryThis(String.prototype.replace as (re: RegExp, s: string) => string);

/**
 * Markers react to this promise, and nothing else does: a promise made with it as parent is a
 * marker's. Its own `constructor` names Promise's species outright, so `then` on it makes a plain
 * promise whatever the program did to Promise.prototype.constructor or Promise[Symbol.species]: no
 * program code runs inside the hook that queues a marker.
 */
export const markerBase: Promise<unknown> = OriginalPromise.resolve();
defineProperty(markerBase, 'constructor', { value: { [Symbol.species]: OriginalPromise } });

/** A marker job: the segment that queued it, and what a reaction acquiring it learns. */
interface Marker {
  seg: OuterSegment;
  /** A context of that segment that settled a subclass promise was reached by a timer or immediate. */
  timed: boolean;
  era: number;
  seq: number;
  ran: boolean;
}

let seq = 0;
/** The marker queued last, and the one that ran last. */
let lastQueued: Marker | null = null;
let lastRan: Marker | null = null;

/** Some subclass reaction has been marked: settlements of subclass promises place markers from now on. */
export let armed = false;

/** For each marked reaction: the seq of the marker that was newest when it was made. */
const madeAfter = new SafeWeakMap<object, number>();

/** The marker queued last names `seg` and has not run: jobs queued now sit behind it. */
function ensureMarker(seg: OuterSegment, timed: boolean): Marker {
  const last = lastQueued;
  if (last !== null && last.seg === seg && !last.ran && last.era === era.id) {
    if (timed) last.timed = true;
    return last;
  }
  const m: Marker = { seg, timed, era: era.id, seq: ++seq, ran: false };
  lastQueued = m;
  then(markerBase, () => {
    m.ran = true;
    lastRan = m;
  });
  return m;
}

/**
 * A promise whose reactions may be a subclass's settled in `seg` (by a context reached by a timer or
 * an immediate, if `timed`): they are queued when the hook returns, behind a marker.
 */
export function subclassSettled(seg: OuterSegment, timed: boolean): void {
  ensureMarker(seg, timed);
}

/**
 * A promise without a parent whose prototype is not Promise.prototype is being made in `seg`. True if
 * it is the derived promise of a built-in `then` on a promise of a trivial subclass: its reaction will
 * find the segment that queued it (reactionMarker). `hook`: the init hook, whose frames are skipped.
 */
export function markSubclassReaction(promise: object, seg: OuterSegment, hook: Function): boolean {
  if (!speciesIntact() || !isTrivialSubclass(promise) || !madeByThen(hook)) return false;
  armed = true;
  // The receiver may be settled already: then the job is queued when this hook returns. Who settled
  // it is unknown, so this marker says nothing of a timer.
  madeAfter.set(promise, ensureMarker(seg, false).seq);
  return true;
}

/**
 * The first job of a marked reaction runs: the marker that ran last, which names the segment that
 * queued the job, or null if it cannot be the one.
 */
export function reactionMarker(promise: object): { seg: OuterSegment; timed: boolean } | null {
  const after = madeAfter.get(promise);
  if (after === undefined) return null;
  madeAfter.delete(promise);
  const m = lastRan;
  if (m === null || m.era !== era.id || m.seq < after) return null;
  return m;
}

/** Classes by whether their own constructor runs nothing but `super` with its argument. */
const trivialSource = new SafeWeakMap<Function, boolean>();

// `class X extends Y { ... }` with no constructor of its own (its default one passes its arguments to
// super): no `constructor` anywhere in its text, nor a backslash (an escape can spell the name).
// Fields and methods may be there: a field's initializer runs while the promise is made, but the
// resolve functions are V8's capability's, out of its reach.
const CLASS = /^class\b/;
// Or exactly `class X extends Y { constructor(a) { super(a); } }` (or `...a`) once comments are gone
// (SafePromise's carries a lint comment). A comment opener inside a string or template cuts away the
// rest of the line but leaves the quote, which this text has none of.
const TRIVIAL_CONSTRUCTOR = /^class\s*[\w$]*\s+extends\s+[\w$.]+\s*\{\s*constructor\s*\(\s*(\.\.\.)?\s*([\w$]+)\s*\)\s*\{\s*super\s*\(\s*\1\s*\2\s*\)\s*;?\s*\}\s*;?\s*\}$/;
const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

function isTrivialClass(fn: Function): boolean {
  let t = trivialSource.get(fn);
  if (t === undefined) {
    let text: string;
    try {
      text = functionToString(fn) as string;
    } catch {
      return false;
    }
    if (regExpExec(CLASS, text) === null) t = false;
    else if (indexOfText(text, 'constructor') < 0 && indexOfText(text, '\\') < 0) t = true;
    else t = regExpExec(TRIVIAL_CONSTRUCTOR, stringReplace(text, COMMENTS, '')) !== null;
    trivialSource.set(fn, t);
  }
  return t;
}

/**
 * Whether `promise`'s class and every class it extends up to Promise are trivial (and nothing on the
 * way is a proxy, whose traps would run the program's code).
 */
function isTrivialSubclass(promise: object): boolean {
  const proto = getPrototypeOf(promise);
  if (proto === null || isProxy(proto)) return false;
  const cls = getOwnPropertyDescriptor(proto, 'constructor')?.value;
  if (typeof cls !== 'function' || isProxy(cls)) return false;
  if (getOwnPropertyDescriptor(cls, 'prototype')?.value !== proto) return false;
  let c: unknown = cls;
  for (let i = 0; i < 16; i++) {
    if (c === OriginalPromise) return true;
    if (typeof c !== 'function' || isProxy(c) || !isTrivialClass(c)) return false;
    c = getPrototypeOf(c);
  }
  return false;
}

const speciesGetter = getOwnPropertyDescriptor(OriginalPromise, Symbol.species)?.get;

/**
 * Promise.prototype.constructor and Promise[Symbol.species] are the built-ins: a plain promise's
 * `then` makes a plain promise, with its parent named, unless the promise has a `constructor` of its
 * own (which onPromiseSettled looks for).
 */
function speciesIntact(): boolean {
  return getOwnPropertyDescriptor(PromisePrototype, 'constructor')?.value === OriginalPromise && getOwnPropertyDescriptor(OriginalPromise, Symbol.species)?.get === speciesGetter;
}

const hasOwn = Object.hasOwn;

/**
 * Whether the reactions of `promise`, about to be queued, may be a subclass's: its prototype is not
 * Promise.prototype, or it has a `constructor` of its own.
 */
export function maySpawnSubclassReactions(promise: object): boolean {
  return getPrototypeOf(promise) !== PromisePrototype || hasOwn(promise, 'constructor');
}

const frameHolder: { stack?: unknown } = {};
const keepFrames = (_e: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

/**
 * Whether the promise being made (by the init hook `hook`) is the derived promise of the built-in
 * `then`: under the hook (and Node's dispatcher, when more than one promise hook is on) come the
 * constructors, Promise's built-in one first, then `then` itself, a built-in (no file, no line).
 */
function madeByThen(hook: Function): boolean {
  const E = ErrorConstructor;
  let frames: unknown = null;
  let savedLimit: unknown;
  let savedPrepare: unknown;
  try {
    savedLimit = E.stackTraceLimit;
    savedPrepare = E.prepareStackTrace;
  } catch {
    return false;
  }
  try {
    E.stackTraceLimit = 12;
    E.prepareStackTrace = keepFrames;
    captureStackTrace(frameHolder, hook);
    frames = frameHolder.stack;
  } catch {
    return false;
  } finally {
    try {
      E.prepareStackTrace = savedPrepare as typeof E.prepareStackTrace;
      E.stackTraceLimit = savedLimit as number;
    } catch {
      /* frozen: nothing was changed */
    }
    frameHolder.stack = undefined;
  }
  // Another formatter answered (the program replaced the global Error): unknown, so no.
  if (!isArray(frames)) return false;
  const list = frames as NodeJS.CallSite[];
  let i = 0;
  // Node's dispatcher of several promise hooks (one of the program's, or its own) calls this one.
  while (i < list.length && !list[i].isConstructor() && list[i].getFileName() === 'node:internal/promise_hooks') i++;
  const ctor = list[i];
  if (ctor === undefined || !ctor.isConstructor() || ctor.getFunctionName() !== 'Promise' || ctor.getFileName() != null) return false;
  while (i < list.length && list[i].isConstructor()) i++;
  if (i >= list.length) return false;
  const f = list[i];
  return f.getFunctionName() === 'then' && f.getFileName() == null && f.getLineNumber() == null && !f.isEval();
}
