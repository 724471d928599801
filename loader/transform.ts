// One file from source to what runs, through the cache: a hit returns the stored output; a miss hands
// the file to the instrumenter (compile.ts, loaded on the first miss) and stores what it returns.
// This is all a cached start runs, so it stays small.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheGet, cacheHas, cacheKey, cacheSet, cacheGetText, cacheSetText } from './cache.js';
import { compiler } from './lazy.js';
import { keepCodeBeforeHere } from './code-before.js';
import { nearestTsconfig } from './tsconfig.js';

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

/**
 * The code as it runs, with its source map: by reference to the map's cache entry when there is one
 * (Node reads it when it compiles the module), inline otherwise. Inline, the map is two thirds of what
 * V8 scans and Node decodes for every module.
 */
function withMap(code: string, map: unknown, mapFile: string | null): string {
  if (map === null && mapFile === null) return code;
  // A path-absolute reference: Node resolves it against the module's own file: URL.
  const ref = mapFile !== null ? pathToFileURL(mapFile).pathname : `data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
  return `${code}\n//# sourceMappingURL=${ref}\n`;
}

/** The cache entry's name for a request: everything that changes the output. */
function keyOf(req: Omit<TransformRequest, 'cache'>): string {
  // A TypeScript file's output also depends on its tsconfig.json (decorators, class fields).
  const config = req.typescript ? (nearestTsconfig(path.dirname(req.file)) ?? '') : '';
  return cacheKey([VERSION, req.url, String(req.module), String(req.typescript), String(req.instrument), config, req.source]);
}

/** Whether the cache holds the output for a request (without reading or checking the entry). */
export function isCached(req: Omit<TransformRequest, 'cache'>): boolean {
  return cacheHas(keyOf(req));
}

export function transform(req: TransformRequest): string {
  const key = req.cache ? keyOf(req) : '';
  if (req.cache) {
    const hit = cacheGet(key);
    if (hit !== null) return withMap(hit.code, null, hit.mapFile);
  }
  const { code, map, cacheable, codeBefore } = compiler().compile(req);
  if (codeBefore !== undefined) keepCodeBeforeHere(codeBefore.origin, codeBefore.code);
  const mapFile = req.cache && cacheable !== false ? cacheSet(key, code, map === null ? null : JSON.stringify(map)) : null;
  return withMap(code, map, mapFile);
}

/**
 * Whether a TypeScript file in a package that does not say `"type": "module"` is an ES module. Deciding
 * takes a transpilation and a parse, so the answer is cached like the output, keyed by the source.
 */
export function isModuleTypeScript(source: string, file: string, url: string, cache: boolean): boolean {
  const key = cache ? cacheKey([VERSION, 'module-kind', url, source]) : '';
  if (cache) {
    const hit = cacheGetText(key);
    if (hit === 'module' || hit === 'commonjs') return hit === 'module';
  }
  const isModule = compiler().isModuleTypeScript(source, file);
  if (cache) cacheSetText(key, isModule ? 'module' : 'commonjs');
  return isModule;
}
