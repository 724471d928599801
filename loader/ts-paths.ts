// TypeScript path aliases: `"paths": { "@/*": ["src/*"] }` (and `baseUrl`) in a project's tsconfig
// let its code import `@/db` for `src/db.ts`. TypeScript only checks such names; running them is the
// loader's job, as tsx does. Both module paths ask here: the ES module resolve hook (hooks.ts) and
// require's resolver (cjs.ts).
//
// Which importers: files outside node_modules (JavaScript ones too, as with tsx), under the nearest
// tsconfig.json's mapping, before Node looks: paths come before node_modules in TypeScript. One rule
// for every importer, because require() caches what a name resolved to per directory, not per file.

import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { type PathMapping, pathMappingFor } from './tsconfig.js';

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** Tried after a name as written, in TypeScript's order (sources before JavaScript). */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
/** A name written with JavaScript's extension may mean the TypeScript file (`@/db.js` for src/db.ts). */
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** The file an aliased import name stands for, or null (not bare, no mapping, no file). */
export function resolveAlias(specifier: string, importer: string): string | null {
  if (!isBareName(specifier) || importer.includes(NODE_MODULES)) return null;
  const mapping = pathMappingFor(path.dirname(importer));
  if (mapping === null) return null;
  for (const candidate of candidatesOf(specifier, mapping)) {
    let file = found.get(candidate);
    if (file === undefined) found.set(candidate, (file = existingFile(candidate)));
    if (file !== null) return file;
  }
  return null;
}

/**
 * What each candidate path turned out to be, for the run: with a baseUrl every bare name is a
 * candidate under it first, and probing one takes up to twenty file checks.
 */
const found = new Map<string, string | null>();

function isBareName(specifier: string): boolean {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('#') || path.isAbsolute(specifier)) return false;
  // A URL (node:, file:, data:) is no module name; neither is a builtin's.
  return !/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier) && !isBuiltin(specifier);
}

/**
 * The paths `specifier` maps to, in order: an exact pattern wins, else the matching pattern with the
 * longest part before its `*`; its targets with the `*` replaced. Then, with a baseUrl and no pattern
 * matching, the name under it.
 */
export function candidatesOf(specifier: string, mapping: PathMapping): string[] {
  let best: string | null = null;
  let star = '';
  for (const pattern of Object.keys(mapping.paths)) {
    const at = pattern.indexOf('*');
    if (at < 0) {
      if (pattern === specifier) {
        best = pattern;
        star = '';
        break;
      }
      continue;
    }
    // A pattern with two stars is invalid in TypeScript, and matches nothing.
    if (pattern.indexOf('*', at + 1) >= 0) continue;
    const prefix = pattern.slice(0, at);
    const suffix = pattern.slice(at + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best === null || prefix.length > best.indexOf('*')) {
      best = pattern;
      star = specifier.slice(prefix.length, specifier.length - suffix.length);
    }
  }
  if (best !== null) return mapping.paths[best].map((target) => path.resolve(mapping.base, target.replace('*', star)));
  return mapping.hasBaseUrl ? [path.resolve(mapping.base, specifier)] : [];
}

/** `candidate` as a file: itself, the TypeScript source it names, with an extension, or a directory's index. */
function existingFile(candidate: string): string | null {
  if (isFile(candidate)) return candidate;
  const ext = path.extname(candidate);
  for (const alt of SOURCE_OF[ext] ?? []) {
    const source = candidate.slice(0, candidate.length - ext.length) + alt;
    if (isFile(source)) return source;
  }
  for (const e of EXTENSIONS) if (isFile(candidate + e)) return candidate + e;
  for (const e of EXTENSIONS) {
    const index = path.join(candidate, `index${e}`);
    if (isFile(index)) return index;
  }
  return null;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
