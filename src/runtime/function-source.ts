// Function.prototype.toString as the program would see it without the detector. Libraries read
// function source: browser automation sends a callback's text to the page, worker pools start a
// worker from it, DI containers parse parameter names, `is-class` checks look at its first word.
// Instrumented text would carry calls to `__rd$`, which exists nowhere else. So:
// - an instrumented function's text is the original's, sliced from the code before instrumentation
//   by the marks the instrumenter left in it (source-marks.ts): the file itself, or the copy the
//   loader kept in the transform cache when the file on disk is not that code (loader/code-before.ts);
// - a wrapper the detector put in place of a built-in or library function answers with that
//   function's text (`function all() { [native code] }`), and so does toString itself.
// Where the code before instrumentation cannot be had again, or no longer matches (the file changed
// since it was loaded), the text is what V8 gives, as before.
//
// Everything it calls is taken when it loads: a program that replaced `String.prototype.includes` or
// `fs.readFileSync` (a file-system mock) must not see toString call it.

import fs from 'node:fs';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import { keptCodeBefore } from '../../loader/code-before.js';
import { compiler } from '../../loader/lazy.js';
import { apply, charCodeAtText, indexOfText, SafeMap, SafeSet, SafeWeakMap, sliceText, startsWithText } from './primordials.js';
import { MARK_PREFIX, type SourceOrigin, codeHash, decodeOrigin, outermostMark } from './source-marks.js';

const nativeToString = Function.prototype.toString;
const includes = String.prototype.includes;
const weakGet = WeakMap.prototype.get;
const weakSet = WeakMap.prototype.set;
const readFileSync = fs.readFileSync;

/** Wrappers the detector installed, to the functions they stand for. */
const standsFor = new SafeWeakMap<object, object>();

/** `wrapper` answers toString as `original` does, and has its name and length. */
export function disguise<T extends object>(wrapper: T, original: object): T {
  standsFor.set(wrapper, original);
  for (const key of ['name', 'length']) {
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d !== undefined && Object.getOwnPropertyDescriptor(wrapper, key)?.configurable !== false) Object.defineProperty(wrapper, key, d);
  }
  return wrapper;
}

/** Files that registered an origin, by the tag of their marks: the origin text as registered. */
const origins = new SafeMap<string, { url: string; origin: string }>();
/** Tags two loaded files share: which one a mark means cannot be told, so neither is sliced. */
const ambiguous = new SafeSet<string>();

export function noteOrigin(url: string, origin: string): void {
  const tag = sliceText(origin, 0, indexOfText(origin, ':'));
  const known = origins.get(tag);
  // The same file registered again (another copy of a module) is checked by its hash as any is.
  if (known !== undefined && known.url !== url) ambiguous.add(tag);
  origins.set(tag, { url, origin });
  codes.delete(tag);
}

/** The code before instrumentation, by tag, once read and checked (null: not to be had). */
const codes = new SafeMap<string, string | null>();

/** Thrown where the answer may differ on another try (a read failed): nothing is remembered. */
class NotNow extends Error {}

function codeBefore(tag: string): string | null {
  if (ambiguous.has(tag)) return null;
  const cached = codes.get(tag);
  if (cached !== undefined) return cached;
  const entry = origins.get(tag);
  const o = entry === undefined ? null : decodeOrigin(entry.origin);
  const code = o === null || entry === undefined ? null : readCode(entry.url, o);
  codes.set(tag, code);
  return code;
}

function readFile(url: string): string | null {
  try {
    return apply(readFileSync, fs, [fileURLToPath(url), 'utf8']) as string;
  } catch (e) {
    // Gone is an answer; anything else (a descriptor limit, a full stack) may pass.
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return null;
    throw new NotNow();
  }
}

function readCode(url: string, o: SourceOrigin): string | null {
  if (!o.onDisk) {
    const kept = keptCodeBefore(o.hash);
    if (kept !== null || !o.typescript || !startsWithText(url, 'file:')) return kept;
    // TypeScript without a transform cache: transpiled again, as the loader did.
    const source = readFile(url);
    if (source === null) return null;
    const code = transpiled(source, url, o.module);
    return codeHash(code) === o.hash ? code : null;
  }
  const code = startsWithText(url, 'file:') ? readFile(url) : null;
  if (code === null) return null;
  if (codeHash(code) === o.hash) return code;
  // require() strips a byte order mark before compiling; a module loaded as an entry keeps it.
  return charCodeAtText(code, 0) === 0xfeff && codeHash(sliceText(code, 1)) === o.hash ? sliceText(code, 1) : null;
}

/**
 * The JavaScript the loader made of a TypeScript file. esbuild, loaded for it here on the main thread,
 * is taken out of require.cache again: the program's require.cache stays its own.
 */
function transpiled(source: string, url: string, module: boolean): string {
  const cache = Module as unknown as { _cache: Record<string, unknown> };
  const before = new SafeSet(Object.keys(cache._cache));
  try {
    const file = fileURLToPath(url);
    return compiler().compile({ source, file, url, module, typescript: true, instrument: false, cache: false }).code;
  } finally {
    for (const key of Object.keys(cache._cache)) if (!before.has(key)) delete cache._cache[key];
  }
}

/** Text already worked out, per function. */
const texts = new SafeWeakMap<object, string>();

function originalText(fn: object, text: string): string {
  const known = apply(weakGet, texts, [fn]) as string | undefined;
  if (known !== undefined) return known;
  const mark = outermostMark(text);
  let out = text;
  if (mark !== null) {
    const code = codeBefore(mark.tag);
    if (code !== null && mark.end <= code.length) out = sliceText(code, mark.start, mark.end);
  }
  apply(weakSet, texts, [fn, out]);
  return out;
}

const replacement = {
  toString(this: unknown): string {
    let fn = this;
    for (let o = apply(weakGet, standsFor, [fn]) as object | undefined; o !== undefined; o = apply(weakGet, standsFor, [fn]) as object | undefined) fn = o;
    // A receiver that is no function throws here, as the built-in does.
    const text = apply(nativeToString, fn, []) as string;
    if (!apply(includes, text, [MARK_PREFIX])) return text;
    try {
      return originalText(fn as object, text);
    } catch (e) {
      // Out of stack: the program is at its limit, where its own next call would throw this too.
      if (e instanceof RangeError) throw e;
      return text;
    }
  },
}.toString;

/**
 * Puts the replacement in place, with the built-in's attributes. `Function`: this realm's, or another
 * realm's (a vm context); the built-in of either reads any realm's functions.
 */
export function keepFunctionSource(Function: FunctionConstructor = globalThis.Function): void {
  const d = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
  if (d === undefined || d.value === replacement || (Function === globalThis.Function && d.value !== nativeToString)) return;
  disguise(replacement, nativeToString);
  Object.defineProperty(Function.prototype, 'toString', { ...d, value: replacement });
}
