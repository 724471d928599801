// Code before instrumentation that the file on disk does not hold - TypeScript transpiled, Vite's
// output under Vitest, what a require hook or an earlier loader made of a file - kept in the
// transform cache under its hash when it is first instrumented, so that the runtime can give a
// function's text back (src/runtime/function-source.ts) without transpiling or asking that tool again.

import { cacheGetText, cacheSetText } from './cache.js';
import { codeHash, decodeOrigin } from '../src/runtime/source-marks.js';

function key(hash: string): string {
  return `code-before-${hash}`;
}

/** Keeps `code`, which the file with this origin was instrumented from, unless it is on disk as it is. */
export function keepCodeBefore(origin: string, code: string): void {
  const o = decodeOrigin(origin);
  if (o !== null && !o.onDisk) cacheSetText(key(o.hash), code);
}

/** The kept code with this hash, checked; null if none is kept. */
export function keptCodeBefore(hash: string): string | null {
  const kept = cacheGetText(key(hash));
  return kept !== null && codeHash(kept) === hash ? kept : null;
}
