// One file from source to what runs: TypeScript transpiled, accesses instrumented, the two source
// maps chained and inlined (so stacks and reports show the original file, line and column), and the
// result cached. A file that cannot be parsed runs as it is (transpiled, if TypeScript) with one warning.

import fs from 'node:fs';
import remapping from '@jridgewell/remapping';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { ParseFailure, instrument } from './instrument.js';
import { transpileTypeScript } from './transpile.js';
import { cacheGet, cacheKey, cacheSet } from './cache.js';

declare const RACEDETECT_VERSION: string;
const VERSION = typeof RACEDETECT_VERSION === 'string' ? RACEDETECT_VERSION : 'dev';

export interface TransformRequest {
  source: string;
  /** Absolute path of the file. */
  file: string;
  /** file: URL of the file (what maps and reports name). */
  url: string;
  module: boolean;
  typescript: boolean;
  /** False: transpile only (a TypeScript file outside the instrumented set). */
  instrument: boolean;
  cache: boolean;
}

function inlineMap(map: unknown): string {
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

function warn(message: string): void {
  try {
    fs.writeSync(2, `racedetect: ${message}\n`);
  } catch {
    /* nothing to do */
  }
}

export function transform(req: TransformRequest): string {
  const key = req.cache ? cacheKey([VERSION, req.url, String(req.module), String(req.typescript), String(req.instrument), req.source]) : '';
  if (req.cache) {
    const hit = cacheGet(key);
    if (hit !== null) return hit;
  }
  let code = req.source;
  let map: EncodedSourceMap | null = null;
  if (req.typescript) {
    const t = transpileTypeScript(req.source, req.file, req.url, req.module);
    code = t.code;
    map = t.map;
  }
  let out: string;
  if (!req.instrument) {
    out = map ? code + inlineMap(map) : code;
  } else {
    try {
      const r = instrument({ code, file: req.url, module: req.module, inputMap: map });
      // The instrumentation map's one source is the transpiled file, whose own map leads to the .ts:
      // hand that map over once (its source has the same URL, and would be asked for again).
      let parent: EncodedSourceMap | null = map;
      const chained = map
        ? remapping(r.map as never, () => {
            const p = parent;
            parent = null;
            return p as never;
          })
        : r.map;
      out = r.code + inlineMap(chained);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      warn(`cannot instrument ${req.file} (${e.message}); it runs uninstrumented`);
      out = map ? code + inlineMap(map) : code;
    }
  }
  if (req.cache) cacheSet(key, out);
  return out;
}
