// The detector's frames, kept out of the program's stacks. A wrapper the detector puts in place of a
// module-loading function (Module.prototype._compile, Module._load, Module._resolveFilename) and a module
// hook stay on the stack while the function they call through to runs: in an error made meanwhile (a
// module not found, a required module's top-level code throwing) their frames named racedetect, and,
// since V8 records only Error.stackTraceLimit frames (10), they took the places of the program's own
// frames at the bottom: under module.registerHooks no frame of the program was left.
//
// So the call through goes by passThrough, which
// - raises Error.stackTraceLimit while that call runs, by the frames it and its caller add (and those
//   Node's hook chain adds because a hook is in it), so that the program's frames are still recorded;
// - is how the stack formatter (installStackFilter) tells the detector's frames: formatting a stack, it
//   leaves out each passThrough frame, the wrapper or hook frame below it and those chain frames, and
//   keeps to the limit the program set. The same formatter formats what is left, when it always did
//   (V8 formats a stack lazily, when it is first read).
// The frames of the wrapped function itself keep their names (keepMethodName).
//
// What stays visible: code that runs inside such a call (a required module's top-level code) reads
// the raised Error.stackTraceLimit; a formatter the program installs in place of Node's
// (source-map-support) is handed the frames unfiltered. An error made in a vm context was recorded to
// that context's limit, which is not raised: the detector's frames are left out, and it has fewer.

import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SafeMap, apply, lastIndexOfText, sliceList, sliceText } from '../src/runtime/primordials.js';
import { disguise } from '../src/runtime/function-source.js';

type CallSite = NodeJS.CallSite;

const ErrorCtor = Error;
const captureStackTrace = Error.captureStackTrace;
const isArray = Array.isArray;
const defineProperty = Reflect.defineProperty;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;

/**
 * The calls through passThrough now running that raised the limit, outermost first: the limit each
 * found, and the one it set.
 */
const found: number[] = [];
const set: number[] = [];
let raising = 0;

/**
 * `fn` called with `self` and `args`, with Error.stackTraceLimit raised by `frames` while it runs:
 * the frames the caller adds to the stack (this one and the caller's own, at least). A limit below 1
 * (no frames), infinite or no number is left as it is, and so is one the call set itself.
 */
export function passThrough(frames: number, fn: Function, self: unknown, args: unknown[]): unknown {
  const limit = ErrorCtor.stackTraceLimit;
  let raised = false;
  if (typeof limit === 'number' && limit >= 1 && limit < Infinity) {
    try {
      ErrorCtor.stackTraceLimit = limit + frames;
      raised = true;
    } catch {
      // A frozen Error: nothing raised.
    }
  }
  if (!raised) return apply(fn, self, args);
  const depth = raising++;
  found[depth] = limit;
  set[depth] = limit + frames;
  try {
    return apply(fn, self, args);
  } finally {
    raising = depth;
    try {
      if (ErrorCtor.stackTraceLimit === limit + frames) ErrorCtor.stackTraceLimit = limit;
    } catch {
      // Frozen since: it stays.
    }
  }
}

interface Position {
  file: ReturnType<CallSite['getFileName']>;
  line: number | null;
  column: number | null;
}

/**
 * Call sites, read through a formatter of this read's own: of what `record` records on the holder it is
 * given (Error.captureStackTrace), or of the error it returns, at most `limit` deep. Null if they
 * cannot be had (a frozen Error, a stack already formatted).
 */
function readSites(limit: number, record: (holder: object) => unknown): CallSite[] | null {
  const holder: { stack?: unknown } = {};
  const savedPrepare = ErrorCtor.prepareStackTrace;
  const savedLimit = ErrorCtor.stackTraceLimit;
  try {
    ErrorCtor.prepareStackTrace = (_e, sites) => sites;
    ErrorCtor.stackTraceLimit = limit;
    const recorded = record(holder);
    const sites = (typeof recorded === 'object' && recorded !== null ? (recorded as { stack?: unknown }) : holder).stack;
    return isArray(sites) ? (sites as CallSite[]) : null;
  } catch {
    return null;
  } finally {
    try {
      ErrorCtor.prepareStackTrace = savedPrepare;
      ErrorCtor.stackTraceLimit = savedLimit;
    } catch {
      /* frozen: nothing was changed */
    }
  }
}

/** Where passThrough calls through: its frame in every stack that passes it. */
const through: Position | null = (() => {
  const sites = readSites(2, (holder) => {
    passThrough(0, () => captureStackTrace(holder), undefined, []);
  });
  const site = sites?.[1];
  if (site === undefined) return null;
  return { file: site.getFileName(), line: site.getLineNumber(), column: site.getColumnNumber() };
})();

function isThrough(s: CallSite): boolean {
  return through !== null && s.getLineNumber() === through.line && s.getColumnNumber() === through.column && s.getFileName() === through.file;
}

function is(s: CallSite, file: string, fn: string): boolean {
  return s.getFileName() === file && s.getFunctionName() === fn;
}

/** module.registerHooks' chain (Node 22.15+), and module.register's on its hooks thread. */
const HOOKS = 'node:internal/modules/customization_hooks';
const HOOKS_THREAD = 'node:internal/modules/esm/hooks';
const CJS_LOADER = 'node:internal/modules/cjs/loader';

/** The step of a hook chain that called a hook. */
function isChainStep(s: CallSite): boolean {
  return is(s, HOOKS, 'nextStep') || is(s, HOOKS_THREAD, 'nextResolve') || is(s, HOOKS_THREAD, 'nextLoad');
}

function isChainStart(s: CallSite): boolean {
  return is(s, HOOKS, 'resolveWithHooks') || is(s, HOOKS, 'loadWithHooks');
}

/** The CommonJS loader's last step of a chain, which it has only when there is one. */
function isChainEnd(s: CallSite): boolean {
  return is(s, CJS_LOADER, 'defaultResolve') || is(s, CJS_LOADER, 'defaultLoad');
}

/**
 * The limit the program set: Error.stackTraceLimit as it was before the calls through now running
 * raised it, or as the program set it since (a module's `Error.stackTraceLimit = 4` at its top level).
 */
function programLimit(): number {
  let limit: unknown = ErrorCtor.stackTraceLimit;
  for (let i = raising - 1; i >= 0 && limit === set[i]; i--) limit = found[i];
  // V8 keeps as many frames as the limit's whole part.
  return typeof limit === 'number' && limit >= 0 ? Math.floor(limit) : Infinity;
}

/** `trace` without the detector's frames; `trace` itself if it has none. */
export function programFrames(trace: CallSite[]): CallSite[] {
  const n = trace.length;
  let drop: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (!isThrough(trace[i])) continue;
    drop ??= new Uint8Array(n);
    drop[i] = 1;
    // The wrapper or hook that called through.
    const caller = i + 1;
    if (caller >= n || trace[caller].getFileName() !== through!.file) continue;
    drop[caller] = 1;
    // A hook: the chain's step that called it.
    const step = caller + 1;
    if (step >= n || !isChainStep(trace[step])) continue;
    drop[step] = 1;
    // The only hook of module.registerHooks' chain: without it Node runs no chain at all. Its next
    // step is then Node's own, and the chain's start called it.
    const next = i - 1;
    const start = step + 1;
    if (next < 1 || start >= n || !is(trace[next], HOOKS, 'nextStep') || !isChainStart(trace[start])) continue;
    const last = trace[next - 1].getFileName();
    if (typeof last !== 'string' || !last.startsWith('node:')) continue;
    drop[next] = 1;
    drop[start] = 1;
    if (isChainEnd(trace[next - 1])) drop[next - 1] = 1;
  }
  // Past the limit the program set, frames were recorded only because a call through raised it: an
  // error made by a required module's top-level code, deeper than the limit, has them all its own.
  const limit = programLimit();
  if (drop === null) return n > limit ? sliceList(trace, 0, limit) : trace;
  const out: CallSite[] = [];
  for (let i = 0; i < n; i++) if (drop[i] === 0) out[out.length] = trace[i];
  if (out.length > limit) out.length = limit;
  return out;
}

const filtering = new WeakSet<object>();

type SourceMapLike = { findEntry(line: number, column: number): { originalSource?: string; originalLine?: number; originalColumn?: number } };
const findSourceMap = (Module as unknown as { findSourceMap?: (file: string) => SourceMapLike | undefined }).findSourceMap;

/**
 * A frame as V8 writes it, with the position the detector's instrumentation moved put back: only the
 * line and column change. Node's own formatter, which the detector's source maps put in charge of
 * every instrumented file, writes frames its own way (a path for a file: URL, `Object.get port` for
 * `get port [as port]`, `<anonymous> (...)` for a bare location). Null when the frame's map leads to
 * another file (a file compiled with a map of its own, which Node's way names).
 */
function mappedFrame(site: CallSite, maps: SafeMap<string, SourceMapLike | null>): string | null {
  const text = String(site);
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (typeof file !== 'string' || typeof line !== 'number' || typeof column !== 'number' || findSourceMap === undefined) return text;
  let map = maps.get(file);
  if (map === undefined) {
    map = findSourceMap(file) ?? null;
    maps.set(file, map);
  }
  if (map === null) return text;
  const entry = map.findEntry(line - 1, column - 1);
  if (typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number' || typeof entry.originalColumn !== 'number') return text;
  if (entry.originalSource !== file && entry.originalSource !== fileUrlOf(file)) return null;
  const at = `${file}:${line}:${column}`;
  const i = lastIndexOfText(text, at);
  if (i < 0) return text;
  return `${sliceText(text, 0, i)}${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}${sliceText(text, i + at.length)}`;
}

/** A CommonJS frame names a path; its map's source is the path's file: URL. */
function fileUrlOf(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file;
}

/**
 * The stack as plain Node writes it (its formatter's first line, then V8's frames), or null when no
 * frame has a map of the detector's, or one leads elsewhere: then Node's formatter writes it. Built
 * with the runtime's own copies of the built-ins, as the program may have replaced Map's or join.
 */
function plainStack(self: unknown, format: (error: Error, trace: CallSite[]) => unknown, error: Error, frames: CallSite[]): unknown {
  const maps = new SafeMap<string, SourceMapLike | null>();
  let text = '';
  for (let i = 0; i < frames.length; i++) {
    const frame = mappedFrame(frames[i], maps);
    if (frame === null) return null;
    text += `\n    at ${frame}`;
  }
  let mapped = false;
  for (const m of maps.values()) if (m !== null) mapped = true;
  if (!mapped) return null;
  const head = apply(format, self, [error, []]);
  return typeof head === 'string' ? head + text : null;
}

/**
 * Error.prepareStackTrace becomes a function that leaves the detector's frames out and hands the rest
 * to the one it replaces (Node's own), answering to toString, name and length as that one does. Only
 * where that one is a function: where Node has none, a function there would be something new.
 */
export function installStackFilter(): void {
  if (through === null) return;
  const d = getOwnPropertyDescriptor(ErrorCtor, 'prepareStackTrace');
  if (d === undefined || typeof d.value !== 'function' || d.writable !== true || filtering.has(d.value)) return;
  const format = d.value as (error: Error, trace: CallSite[]) => unknown;
  const prepareStackTrace = disguise(function (this: unknown, error: Error, trace: CallSite[]): unknown {
    let frames = trace;
    if (isArray(trace)) {
      try {
        frames = programFrames(trace);
        const plain = plainStack(this, format, error, frames);
        if (plain !== null) return plain;
      } catch {
        // Call sites of another kind (a program calling this with its own): as given.
      }
    }
    return apply(format, this, [error, frames]);
  }, format);
  filtering.add(prepareStackTrace);
  defineProperty(ErrorCtor, 'prepareStackTrace', { ...d, value: prepareStackTrace });
}

/**
 * Whether V8 names a frame of Node's own anonymous methods (`Module._load = function (...)`) only by
 * the property it was called through, and so `<anonymous>` once a wrapper has that property: Node 22
 * and later, whose built-in functions carry no inferred name. Node 20's still do ("Module._load").
 * Found out once, with a call that throws before it does anything.
 */
let namedByProperty: boolean | undefined;

function methodsNamedByProperty(): boolean {
  if (namedByProperty !== undefined) return namedByProperty;
  namedByProperty = false;
  const paths = (Module as unknown as { _nodeModulePaths?: Function })._nodeModulePaths;
  if (typeof paths !== 'function' || paths.name !== '') return false;
  const sites = readSites(10, () => {
    try {
      apply(paths, {}, [undefined]);
    } catch (e) {
      return e;
    }
    return null;
  });
  const own = sites?.find((s) => s.getFileName() === CJS_LOADER);
  if (own !== undefined) namedByProperty = own.getFunctionName() === null;
  return namedByProperty;
}

/**
 * `original`, an anonymous method the detector has replaced with a wrapper that calls it, is named
 * `name` where V8 would otherwise call its frames `<anonymous>` (see methodsNamedByProperty): its
 * frames read as before, `Module._compile`. Only the wrapper is where the program looks. Returns what
 * puts the name back. Call it after disguise(), which copies the name to the wrapper.
 */
export function keepMethodName(original: Function, name: string): () => void {
  const d = getOwnPropertyDescriptor(original, 'name');
  if (d === undefined || d.value !== '' || d.configurable !== true || !methodsNamedByProperty()) return () => undefined;
  defineProperty(original, 'name', { ...d, value: name });
  return () => {
    defineProperty(original, 'name', d);
  };
}
