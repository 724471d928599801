// Built-ins the detector calls while the program runs, taken when the detector loads: a program may
// replace them later (`Reflect.apply = ...`, a mock, a test's `vi.spyOn(Array.prototype, 'push')`),
// and the detector must neither call the replacement - the program would count calls it never made,
// and run its own code inside the detector's, where its accesses land in the wrong flow - nor fail
// because of it.
//
// Array.prototype.pop included: Node's own async_hooks machinery also calls it around every callback
// once any hook is enabled, but a replacement the detector called ran the program's code inside the
// access path, whose accesses took a slot, which popped the free-slot list again: the recursion ran
// out of stack and turned recording off for the rest of the run.

export const apply = Reflect.apply;
export const reflectGet = Reflect.get;

/**
 * `event` emitted on `self` through the `emit` it inherits from `from` as it is now, not when the
 * detector loaded: a wrapper the detector puts on a prototype (process's, ChildProcess's) calls on to
 * a replacement the program made since (a spy, an APM agent), so that it still sees every event.
 */
export function emitInherited(from: object, self: object, event: unknown, args: readonly unknown[]): boolean {
  const all: unknown[] = [event];
  for (let i = 0; i < args.length; i++) all[i + 1] = args[i];
  return apply(reflectGet(from, 'emit', self) as (...a: unknown[]) => boolean, self, all);
}

/**
 * Collections whose methods are the built-ins as they were when the detector loaded: each class's
 * prototype carries its own copies, so a method the program replaces on Map.prototype (or Set,
 * WeakMap, WeakSet) is not what the detector's tables call. As fast as the plain classes.
 */
export class SafeMap<K, V> extends Map<K, V> {}
export class SafeSet<T> extends Set<T> {}
export class SafeWeakMap<K extends object, V> extends WeakMap<K, V> {}
export class SafeWeakSet<T extends object> extends WeakSet<T> {}

for (const [safe, base] of [
  [SafeMap, Map],
  [SafeSet, Set],
  [SafeWeakMap, WeakMap],
  [SafeWeakSet, WeakSet],
] as const) {
  for (const key of Reflect.ownKeys(base.prototype)) {
    if (key !== 'constructor') Reflect.defineProperty(safe.prototype, key, Reflect.getOwnPropertyDescriptor(base.prototype, key)!);
  }
}

// Appending is written out where it happens, `list[list.length] = value`, not as list.push: a shared
// helper's one store would meet every kind of array the detector keeps and go megamorphic (in
// alternating runs the server ran about 5% slower with one; written out, within 2% of push).

// Methods as plain functions of their receiver (`uncurryThis`, as Node's own primordials make them):
// unlike Reflect.apply with an argument list, a call allocates nothing, and costs about a nanosecond
// more than the method itself.
const { bind, call } = Function.prototype;
const uncurryThis = bind.bind(call) as <A extends unknown[], R>(fn: (...args: A) => R) => (self: unknown, ...args: A) => R;

const arraySort = uncurryThis(Array.prototype.sort);

/** `list.pop()`, without Array.prototype.pop: called directly, not through a helper of its own. */
export const arrayPop = uncurryThis(Array.prototype.pop) as <T>(list: T[]) => T | undefined;
const arraySlice = uncurryThis(Array.prototype.slice);

/** `list.includes(x)` for values that are not NaN, without Array.prototype.includes. */
export function contains<T>(list: readonly T[], x: T): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === x) return true;
  return false;
}

/** `list.slice(start, end)`, without Array.prototype.slice. */
export function sliceList<T>(list: readonly T[], start: number, end?: number): T[] {
  return arraySlice(list, start, end) as T[];
}

/** `list.sort(compare)`, without Array.prototype.sort. */
export function sortList<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  return arraySort(list, compare as (a: unknown, b: unknown) => number) as T[];
}

/** `p.then(onFulfilled, onRejected)`, without Promise.prototype.then (zone.js and others replace it). */
export const promiseThen = uncurryThis(Promise.prototype.then) as <T>(p: Promise<T>, onFulfilled: (v: T) => unknown, onRejected: (e: unknown) => unknown) => Promise<unknown>;

/** `re.exec(text)`, without RegExp.prototype.exec. */
export const regExpExec = uncurryThis(RegExp.prototype.exec) as (re: RegExp, text: string) => RegExpExecArray | null;

const stringIndexOf = uncurryThis(String.prototype.indexOf);
const stringLastIndexOf = uncurryThis(String.prototype.lastIndexOf);
const stringSlice = uncurryThis(String.prototype.slice);
const stringStartsWith = uncurryThis(String.prototype.startsWith);
const stringEndsWith = uncurryThis(String.prototype.endsWith);
const stringSplit = uncurryThis(String.prototype.split as (separator: string) => string[]);
const stringCharCodeAt = uncurryThis(String.prototype.charCodeAt);

export function indexOfText(s: string, search: string, from?: number): number {
  return stringIndexOf(s, search, from);
}

export function lastIndexOfText(s: string, search: string): number {
  return stringLastIndexOf(s, search);
}

export function sliceText(s: string, start: number, end?: number): string {
  return stringSlice(s, start, end);
}

export function startsWithText(s: string, prefix: string): boolean {
  return stringStartsWith(s, prefix);
}

export function endsWithText(s: string, suffix: string): boolean {
  return stringEndsWith(s, suffix);
}

export function includesText(s: string, search: string): boolean {
  return stringIndexOf(s, search, 0) >= 0;
}

export function splitText(s: string, separator: string): string[] {
  return stringSplit(s, separator);
}

export function charCodeAtText(s: string, i: number): number {
  return stringCharCodeAt(s, i);
}
