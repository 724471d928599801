// TypeScript imports name `./lib.js` for `./lib.ts`, or leave the extension out: the files such a
// specifier may stand for, in the order the loader tries them (hooks.ts) and the runtime follows an
// imported binding to its exporter (runtime/imports.ts).

import path from 'node:path';

const RESOLVE_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '': ['.ts', '.tsx', '/index.ts'] };

/** The TypeScript names of `specifier` (a relative specifier or a URL), best first. */
export function typeScriptAlternatives(specifier: string): string[] {
  const ext = path.extname(specifier);
  const stem = RESOLVE_TS[ext] ? specifier.slice(0, specifier.length - ext.length) : specifier;
  return (RESOLVE_TS[ext] ?? RESOLVE_TS['']).map((alt) => stem + alt);
}
