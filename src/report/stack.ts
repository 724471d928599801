// Turning V8 stacks into report frames. Stacks are captured as Error objects and formatted only when a
// report is printed; with source maps enabled Node formats them in the user's original coordinates
// (TypeScript lines and columns), which a custom Error.prepareStackTrace would not see. So the default
// formatter is used, and the text is parsed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteFrame } from '../runtime/sites.js';

export interface Frame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

/** Path fragments of racedetect's own code, whose frames reports leave out. */
const ownDirs: string[] = [];
export function hideFramesUnder(dir: string): void {
  ownDirs.push(dir);
}

let stripPrefix = '';
export function setStripPrefix(prefix: string): void {
  stripPrefix = prefix;
}

/** A path for people: relative to the working directory when below it, minus strip_path_prefix. */
export function displayPath(file: string): string {
  let p = file;
  if (p.startsWith('file://')) {
    try {
      p = fileURLToPath(p);
    } catch {
      /* keep the URL */
    }
  }
  if (stripPrefix && p.startsWith(stripPrefix)) return p.slice(stripPrefix.length);
  if (path.isAbsolute(p)) {
    const rel = path.relative(process.cwd(), p);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
  }
  return p;
}

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

let programFormat = false;
/** Stacks are formatted by the program's Error.prepareStackTrace (a test runner that maps its own modules). */
export function useProgramStackFormat(): void {
  programFormat = true;
}

const fileHolder: { stack?: unknown } = {};

/**
 * The files of the innermost `limit` frames of the current stack, below `below` if given (its
 * callers), or null if they cannot be read (a program froze Error). Read through a stack formatter
 * of the detector's own, put in place for this capture only: a formatter the program installed
 * (source maps, a test runner's) is neither run nor needed.
 */
export function callerFiles(limit: number, below?: Function): string[] | null {
  const savedLimit = Error.stackTraceLimit;
  const savedPrepare = Error.prepareStackTrace;
  try {
    // Inside the try: a program may have frozen Error.
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = (_e, frames) => {
      const files: string[] = new Array(frames.length);
      for (let i = 0; i < frames.length; i++) files[i] = frames[i].getFileName() ?? '';
      return files;
    };
    Error.captureStackTrace(fileHolder, below);
    return fileHolder.stack as string[];
  } catch {
    return null;
  } finally {
    try {
      Error.prepareStackTrace = savedPrepare;
      Error.stackTraceLimit = savedLimit;
    } catch {
      /* frozen: nothing was changed */
    }
    fileHolder.stack = undefined;
  }
}

function readStack(err: Error): string {
  if (programFormat) return String(err.stack ?? '');
  // A user's Error.prepareStackTrace (source-map-support and friends) must not shape our frames.
  const saved = Error.prepareStackTrace;
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  try {
    return String(err.stack ?? '');
  } finally {
    Error.prepareStackTrace = saved;
  }
}

export function framesOf(err: Error | null, limit = 12): Frame[] {
  if (err === null) return [];
  const out: Frame[] = [];
  for (const raw of readStack(err).split('\n').slice(1)) {
    // "at async file:line:col" (an anonymous async frame) has no parentheses around its location.
    const line = raw.replace(/^(\s*at )async (?=[^()]*$)/, '$1');
    const m = FRAME.exec(line);
    if (!m) continue;
    const [, rawFn = '', file, ln, col] = m;
    if (file.startsWith('node:') || file.startsWith('internal/') || ownDirs.some((d) => file.includes(d))) continue;
    out.push({ fn: cleanName(rawFn), file: displayPath(file), line: Number(ln), column: Number(col) });
    if (out.length >= limit) break;
  }
  return out;
}

function cleanName(raw: string): string {
  let fn = raw.replace(/ \[as [^\]]+\]$/, '');
  if (fn === '' || fn === 'Object.<anonymous>') return '<anonymous>';
  if (fn.startsWith('Object.')) fn = fn.slice('Object.'.length);
  return fn;
}

export function frameOfSite(site: number): Frame | null {
  const f = siteFrame(site);
  if (f === null) return null;
  return { fn: f.fn || '<anonymous>', file: displayPath(f.file), line: f.line, column: f.column };
}

/** Captures an Error for a stack with a deep enough limit, whatever the program set. */
export function captureError(message: string, limit = 16): Error {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = saved;
  }
}
