// Function.prototype.toString as the program would see it without the detector. Libraries read
// function source: browser automation sends a callback's text to the page, worker pools start a
// worker from it, DI containers parse parameter names, `is-class` checks look at its first word.
// Instrumented text would carry calls to `__rd$`, which exists nowhere else. So:
// - an instrumented function's text is the original's, sliced from the code before instrumentation
//   by the marks the instrumenter left in it (source-marks.ts);
// - a wrapper the detector put in place of a built-in or library function answers with that
//   function's text (`function all() { [native code] }`), and so does toString itself.
// Where the code before instrumentation cannot be had again, or no longer matches (the file changed
// since it was loaded), the text is what V8 gives, as before.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cacheGetText, cacheSetText } from '../../loader/cache.js';
import { compiler } from '../../loader/lazy.js';
import { MARK_PREFIX, type SourceOrigin, codeHash, decodeOrigin, outermostMark } from './source-marks.js';

const nativeToString = Function.prototype.toString;

/** Wrappers the detector installed, to the functions they stand for. */
const standsFor = new WeakMap<object, object>();

/** `wrapper` answers toString (and is named and sized) as `original` is. */
export function disguise<T extends object>(wrapper: T, original: object): T {
  standsFor.set(wrapper, original);
  return wrapper;
}

/** Files that registered an origin, by the tag of their marks: the origin text as registered. */
const origins = new Map<string, { url: string; origin: string }>();

export function noteOrigin(url: string, origin: string): void {
  const tag = origin.slice(0, origin.indexOf(':'));
  const known = origins.get(tag);
  // Two files with one tag: which one a mark means cannot be told, so neither is sliced. The same
  // file registered again (another copy of a module) is the same code or is checked by its hash.
  if (known !== undefined && known.url !== url) ambiguous.add(tag);
  origins.set(tag, { url, origin });
  codes.delete(tag);
}
const ambiguous = new Set<string>();

/** The code before instrumentation, by tag, once read and checked (null: not to be had). */
const codes = new Map<string, string | null>();

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

/** The cache entry of code that another tool made (Vite, under Vitest): keyed by its hash. */
function keptKey(hash: string): string {
  return `code-before-${hash}`;
}

/** Stores code before instrumentation that is on no disk (the transform cache is the place). */
export function keepCodeBefore(origin: string, code: string): void {
  const o = decodeOrigin(origin);
  if (o !== null && !o.onDisk) cacheSetText(keptKey(o.hash), code);
}

function readCode(url: string, o: SourceOrigin): string | null {
  if (!o.onDisk) {
    const kept = cacheGetText(keptKey(o.hash));
    return kept !== null && codeHash(kept) === o.hash ? kept : null;
  }
  if (!url.startsWith('file:')) return null;
  try {
    const file = fileURLToPath(url);
    let code = fs.readFileSync(file, 'utf8');
    if (o.typescript) code = compiler().compile({ source: code, file, url, module: o.module, typescript: true, instrument: false, cache: false }).code;
    if (codeHash(code) === o.hash) return code;
    // require() strips a byte order mark before compiling; a module loaded as an entry keeps it.
    return code.charCodeAt(0) === 0xfeff && codeHash(code.slice(1)) === o.hash ? code.slice(1) : null;
  } catch {
    return null;
  }
}

/** Text already worked out, per function. */
const texts = new WeakMap<object, string>();

function originalText(fn: object, text: string): string {
  const known = texts.get(fn);
  if (known !== undefined) return known;
  const mark = outermostMark(text);
  let out = text;
  if (mark !== null) {
    const code = codeBefore(mark.tag);
    if (code !== null && mark.end <= code.length) out = code.slice(mark.start, mark.end);
  }
  texts.set(fn, out);
  return out;
}

const replacement = {
  toString(this: unknown): string {
    let fn = this;
    for (let o = standsFor.get(fn as object); o !== undefined; o = standsFor.get(fn as object)) fn = o;
    // A receiver that is no function throws here, as the built-in does.
    const text = Reflect.apply(nativeToString, fn, []) as string;
    if (!text.includes(MARK_PREFIX)) return text;
    try {
      return originalText(fn as object, text);
    } catch {
      return text;
    }
  },
}.toString;

/** Puts the replacement in place, with the built-in's attributes. */
export function keepFunctionSource(): void {
  const d = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
  if (d === undefined || d.value !== nativeToString) return;
  disguise(replacement, nativeToString);
  Object.defineProperty(Function.prototype, 'toString', { ...d, value: replacement });
}
