// Code before instrumentation that the file on disk does not hold - TypeScript transpiled, Vite's
// output under Vitest, what a require hook or an earlier loader made of a file - kept in the
// transform cache under its hash when it is first instrumented, so that the runtime can give a
// function's text back (src/runtime/function-source.ts) without transpiling or asking that tool again.
// Without a cache (RACEDETECT_NO_CACHE, cache=0), what is compiled on the main thread (require(), and
// every module on Node 22+) is kept in this process instead: a require hook's output could not be
// had again at all.

import { cacheGetText, cacheSetText } from './cache.js';
import { codeHash, decodeOrigin } from '../src/runtime/source-marks.js';
import { SafeMap } from '../src/runtime/primordials.js';

function key(hash: string): string {
  return `code-before-${hash}`;
}

/** Keeps `code`, which the file with this origin was instrumented from, unless it is on disk as it is. */
export function keepCodeBefore(origin: string, code: string): void {
  const o = decodeOrigin(origin);
  if (o !== null && !o.onDisk) cacheSetText(key(o.hash), code);
}

/** Code before instrumentation compiled without a cache on this thread, by hash. */
const here = new SafeMap<string, string>();

/** Keeps `code` in this process (see above), unless it is on disk as it is. */
export function keepCodeBeforeHere(origin: string, code: string): void {
  const o = decodeOrigin(origin);
  if (o !== null && !o.onDisk) here.set(o.hash, code);
}

/** The kept code with this hash, checked; null if none is kept. */
export function keptCodeBefore(hash: string): string | null {
  const inProcess = here.get(hash);
  if (inProcess !== undefined) return inProcess;
  const kept = cacheGetText(key(hash));
  return kept !== null && codeHash(kept) === hash ? kept : null;
}
