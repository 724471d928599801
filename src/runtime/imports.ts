// Reads of a variable another module exports (`import { rev } from './state.js'`, `ns.rev`): the
// importing module reads the exporter's own binding, live, so a read-await-write through an import
// races with the exporter's writes as one inside the exporter would. The exporter registers the
// cells of its exported variables by its URL (`__rd$.ex`), with what it re-exports from other
// modules of the program; each importing module holds a handle per imported name (`__rd$.im`) that
// finds the cell on its first read, or finds that there is none (a function, a class, a constant, a
// module not instrumented), once.

import path from 'node:path';
import { Cell } from './shadow.js';
import { SafeMap } from './primordials.js';
import { typeScriptAlternatives } from '../../loader/ts-alternatives.js';

interface Exports {
  /** Exported name -> the cell of the variable exported under it. */
  readonly cells: Map<string, Cell>;
  /** Exported name -> [module URL, name there], for `export { a as b } from './x'`. */
  readonly aliases: Map<string, [string, string]>;
  /** Module URLs of `export * from './x'`. */
  readonly stars: string[];
}

const byUrl = new SafeMap<string, Exports>();

/** What one imported name resolves to: unknown until the first read, then a cell or null. */
export interface ImportHandle {
  readonly base: string;
  readonly specifier: string;
  readonly name: string;
  cell: Cell | null | undefined;
}

export function importHandle(base: string, specifier: string, name: string): ImportHandle {
  return { base, specifier, name, cell: undefined };
}

/** Registers a module's exported variables (`[name, cell, ...]`) and re-exports. */
export function registerExports(url: string, entries: unknown[], reexports?: string[][]): void {
  if (typeof url !== 'string' || !Array.isArray(entries)) return;
  const e: Exports = { cells: new SafeMap(), aliases: new SafeMap(), stars: [] };
  for (let i = 0; i + 1 < entries.length; i += 2) {
    const cell = entries[i + 1];
    if (typeof entries[i] === 'string' && cell instanceof Cell) e.cells.set(entries[i] as string, cell);
  }
  for (const r of Array.isArray(reexports) ? reexports : []) {
    const target = resolveSpecifier(r[1], url);
    if (target === null) continue;
    if (r[0] === '*') e.stars.push(target);
    else e.aliases.set(r[0], [target, r[2]]);
  }
  byUrl.set(url, e);
}

/** The cell an import handle reads, found on first use. */
export function importedCell(h: ImportHandle): Cell | undefined {
  let c = h.cell;
  if (c === undefined) {
    const url = resolveSpecifier(h.specifier, h.base);
    c = url === null ? null : find(url, h.name, 0);
    // Vite (Vitest's module runner) rewrites a relative import to one from the project's root
    // (`./state` in test/a.test.ts becomes `/test/state.ts`): the module whose URL ends so.
    if (c === null && h.specifier.startsWith('/')) {
      const root = rootRelative(h.specifier);
      if (root !== null) c = find(root, h.name, 0);
    }
    h.cell = c;
  }
  return c === null ? undefined : c;
}

/**
 * The one registered module whose URL ends with the root-relative path `specifier` (extensions aside:
 * Vite leaves some out), or null when none or several do.
 */
function rootRelative(specifier: string): string | null {
  const path = withoutExtension(specifier.replace(/[?#].*$/, ''));
  let found: string | null = null;
  for (const url of byUrl.keys()) {
    const stem = withoutExtension(url);
    if (!stem.endsWith(path) && !stem.endsWith(`${path}/index`)) continue;
    if (found !== null) return null;
    found = url;
  }
  return found;
}

function withoutExtension(p: string): string {
  return p.replace(/\.[cm]?[jt]sx?$/, '');
}

function find(url: string, name: string, depth: number): Cell | null {
  if (depth > 8) return null;
  const e = exportsOf(url);
  if (e === undefined) return null;
  const cell = e.cells.get(name);
  if (cell !== undefined) return cell;
  const alias = e.aliases.get(name);
  if (alias !== undefined) return find(alias[0], alias[1], depth + 1);
  // `export *` never re-exports `default`.
  if (name === 'default') return null;
  for (const star of e.stars) {
    const c = find(star, name, depth + 1);
    if (c !== null) return c;
  }
  return null;
}

/**
 * The exports registered for `url`, or for the TypeScript file a `.js` or extensionless specifier
 * stands for, as the loader resolves it (typeScriptAlternatives).
 */
function exportsOf(url: string): Exports | undefined {
  const e = byUrl.get(url);
  if (e !== undefined) return e;
  const alternatives = typeScriptAlternatives(url);
  // A bundler (Vite) also resolves an extensionless specifier to a JavaScript file.
  if (path.extname(url) === '') alternatives.push(`${url}.js`, `${url}.mjs`, `${url}/index.js`);
  for (const alt of alternatives) {
    const found = byUrl.get(alt);
    if (found !== undefined) return found;
  }
  return undefined;
}

function resolveSpecifier(specifier: string, base: string): string | null {
  try {
    return new URL(specifier, base).href;
  } catch {
    return null;
  }
}
