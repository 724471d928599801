// One file from source to what runs, through the cache: a hit returns the stored output; a miss hands
// the file to the instrumenter (compile.ts, loaded on the first miss) and stores what it returns.
// This is all a cached start runs, so it stays small.

import { cacheGet, cacheKey, cacheSet } from './cache.js';
import { compiler } from './lazy.js';

declare const RACEDETECT_VERSION: string;
const VERSION = typeof RACEDETECT_VERSION === 'string' ? RACEDETECT_VERSION : 'dev';

export interface TransformRequest {
  /** The file's text, or its bytes as read (UTF-8): a cache hit then never decodes them. */
  source: string | Uint8Array;
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

export function transform(req: TransformRequest): string {
  const key = req.cache ? cacheKey([VERSION, req.url, String(req.module), String(req.typescript), String(req.instrument), req.source]) : '';
  if (req.cache) {
    const hit = cacheGet(key);
    if (hit !== null) return hit;
  }
  const out = compiler().compile(req);
  if (req.cache) cacheSet(key, out);
  return out;
}

/**
 * Whether a TypeScript file in a package that does not say `"type": "module"` is an ES module. Deciding
 * takes a transpilation and a parse, so the answer is cached like the output, keyed by the source.
 */
export function isModuleTypeScript(source: string, file: string, url: string, cache: boolean): boolean {
  const key = cache ? cacheKey([VERSION, 'module-kind', url, source]) : '';
  if (cache) {
    const hit = cacheGet(key);
    if (hit === 'module' || hit === 'commonjs') return hit === 'module';
  }
  const isModule = compiler().isModuleTypeScript(source, file);
  if (cache) cacheSet(key, isModule ? 'module' : 'commonjs');
  return isModule;
}
