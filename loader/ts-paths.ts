// TypeScript path aliases: `"paths": { "@/*": ["src/*"] }` (and `baseUrl`) in a project's tsconfig
// let its code import `@/db` for `src/db.ts`. TypeScript only checks such names; running them is the
// loader's job, as tsx does. Both module paths ask here: the ES module resolve hooks (hooks.ts) and
// require's resolver (cjs.ts).
//
// Which importers: files outside node_modules (JavaScript ones too, as with tsx), under the nearest
// tsconfig.json's mapping, before Node looks: paths come before node_modules in TypeScript. One rule
// for every importer, because require() caches what a name resolved to per directory, not per file.
// A Node builtin's name stays the builtin's.

import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { isFile, type PathMapping, pathMappingFor } from './tsconfig.js';
import { SafeMap } from '../src/runtime/primordials.js';

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** Added to a name, in TypeScript's order (sources before JavaScript); then what Node also loads. */
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.json'];
/** A name written with JavaScript's extension means the TypeScript file first (`@/db.js` for src/db.ts). */
const SOURCE_OF: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** Node's own flag: a module's path is kept as found, not resolved through symbolic links. */
const preserveSymlinks = process.execArgv.includes('--preserve-symlinks') || process.env.NODE_PRESERVE_SYMLINKS === '1';

/** The file an aliased import name stands for, or null (not bare, no mapping, no file). `fromDir`: the importer's directory. */
export function resolveAlias(specifier: string, fromDir: string): string | null {
  if (!isBareName(specifier) || `${fromDir}${path.sep}`.includes(NODE_MODULES)) return null;
  const mapping = pathMappingFor(fromDir);
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
const found = new SafeMap<string, string | null>();

function isBareName(specifier: string): boolean {
  if (specifier === '' || specifier.startsWith('.') || path.isAbsolute(specifier)) return false;
  // A URL (node:, file:, data:) is no module name; neither is a builtin's. `#name` is: TypeScript
  // maps it through paths before package.json imports.
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
  if (best !== null) return mapping.paths[best].map((target) => path.resolve(mapping.base, target.replace('*', () => star)));
  return mapping.hasBaseUrl ? [path.resolve(mapping.base, specifier)] : [];
}

/**
 * `candidate` as a file, through symbolic links as Node resolves modules (one module, not two, when an
 * alias leads into a linked package that is also imported by its real path).
 */
function existingFile(candidate: string): string | null {
  const file = probe(candidate, true);
  if (file === null || preserveSymlinks) return file;
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The TypeScript source a JavaScript name stands for, the name as written, with an extension added,
 * and for a directory its package.json `main`, then its index (`withMain`: false inside that lookup).
 */
function probe(candidate: string, withMain: boolean): string | null {
  const ext = path.extname(candidate);
  for (const alt of SOURCE_OF[ext] ?? []) {
    const source = candidate.slice(0, candidate.length - ext.length) + alt;
    if (isFile(source)) return source;
  }
  if (isFile(candidate)) return candidate;
  for (const e of EXTENSIONS) if (isFile(candidate + e)) return candidate + e;
  if (withMain) {
    const main = mainOf(candidate);
    const entry = main === null ? null : probe(path.resolve(candidate, main), false);
    if (entry !== null) return entry;
  }
  for (const e of EXTENSIONS) {
    const index = path.join(candidate, `index${e}`);
    if (isFile(index)) return index;
  }
  return null;
}

function mainOf(dir: string): string | null {
  try {
    const main = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: unknown }).main;
    return typeof main === 'string' && main !== '' ? main : null;
  } catch {
    return null;
  }
}
