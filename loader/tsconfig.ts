// The tsconfig.json that governs a TypeScript file: esbuild reads compilerOptions such as
// experimentalDecorators and useDefineForClassFields from it, so its text is part of what a
// transpilation depends on (the transform cache's key includes it).
//
// esbuild's transform API takes the config as text and cannot follow `extends`, but projects put
// their options in a shared base (`"extends": "./tsconfig.base.json"`, `"@tsconfig/node20"`): with
// only the nearest file's own options, a project whose decorators were configured in its base failed
// to start. The chain is followed here, as TypeScript and tsx do, and esbuild gets the merged options.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const tsconfigCache = new Map<string, string | undefined>();

/**
 * The config that governs files in `dir`, as text: the nearest tsconfig.json at or above `dir` (not
 * past a node_modules), with the compilerOptions of the configs it extends merged in. A config without
 * `extends`, or one that cannot be read as JSON with comments, is its own text as written.
 */
export function nearestTsconfig(dir: string): string | undefined {
  if (tsconfigCache.has(dir)) return tsconfigCache.get(dir);
  const candidate = path.join(dir, 'tsconfig.json');
  let found: string | undefined;
  if (fs.existsSync(candidate)) {
    try {
      found = effectiveConfig(candidate, fs.readFileSync(candidate, 'utf8'));
    } catch {
      found = undefined;
    }
  } else {
    const parent = path.dirname(dir);
    found = parent !== dir && !dir.endsWith(`${path.sep}node_modules`) ? nearestTsconfig(parent) : undefined;
  }
  tsconfigCache.set(dir, found);
  return found;
}

type Options = Record<string, unknown>;
interface Config {
  extends?: unknown;
  compilerOptions?: unknown;
}

function effectiveConfig(file: string, text: string): string {
  const config = parseConfig(text);
  if (config === null || config.extends === undefined) return text;
  return JSON.stringify({ compilerOptions: compilerOptionsOf(file, config, new Set([file])) });
}

/** The config's compilerOptions over those of everything it extends (later `extends` entries win). */
function compilerOptionsOf(file: string, config: Config, seen: Set<string>): Options {
  let merged: Options = {};
  const bases = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const spec of bases) {
    if (typeof spec !== 'string') continue;
    const baseFile = resolveExtends(spec, file);
    // A base that is missing, unreadable or part of a cycle adds nothing (TypeScript reports those).
    if (baseFile === undefined || seen.has(baseFile)) continue;
    seen.add(baseFile);
    let base: Config | null = null;
    try {
      base = parseConfig(fs.readFileSync(baseFile, 'utf8'));
    } catch {
      base = null;
    }
    if (base !== null) merged = { ...merged, ...compilerOptionsOf(baseFile, base, seen) };
  }
  const own = config.compilerOptions;
  return own !== null && typeof own === 'object' && !Array.isArray(own) ? { ...merged, ...(own as Options) } : merged;
}

/** Where an `extends` entry points: a path relative to the config, or a package's config file. */
function resolveExtends(spec: string, from: string): string | undefined {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(path.dirname(from), spec);
    // As TypeScript: the path as written, then with `.json` added.
    if (isFile(p)) return p;
    return !p.endsWith('.json') && isFile(`${p}.json`) ? `${p}.json` : undefined;
  }
  const req = createRequire(from);
  const attempt = (request: string): string | undefined => {
    try {
      return req.resolve(request);
    } catch {
      return undefined;
    }
  };
  // "@tsconfig/node20/tsconfig.json", "@tsconfig/node20/tsconfig", or the package itself: its
  // package.json's "tsconfig" field, else its tsconfig.json.
  const direct = spec.endsWith('.json') ? attempt(spec) : (attempt(`${spec}.json`) ?? attemptFile(attempt(spec)));
  if (direct !== undefined) return direct;
  const manifest = attempt(`${spec}/package.json`);
  if (manifest !== undefined) {
    try {
      const field = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { tsconfig?: unknown }).tsconfig;
      if (typeof field === 'string' && isFile(path.join(path.dirname(manifest), field))) return path.join(path.dirname(manifest), field);
    } catch {
      /* not a readable manifest: try the conventional file */
    }
  }
  return attempt(`${spec}/tsconfig.json`);
}

/** A resolved path only if it is a JSON file (a package's main script is no config). */
function attemptFile(p: string | undefined): string | undefined {
  return p !== undefined && p.endsWith('.json') ? p : undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A tsconfig's object: JSON with comments and trailing commas, as TypeScript reads it; null if it is not one. */
export function parseConfig(text: string): Config | null {
  try {
    const value: unknown = JSON.parse(withoutCommentsAndTrailingCommas(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Config) : null;
  } catch {
    return null;
  }
}

/** The text with `//` and `/* *\/` comments blanked and commas before `}` or `]` dropped (strings kept). */
function withoutCommentsAndTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  // Index in `out` of a comma that may turn out to be trailing, with only whitespace or comments since.
  let comma = -1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      comma = -1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (ch === ',') {
      comma = out.length;
      out += ch;
      i++;
    } else if (ch === '}' || ch === ']') {
      if (comma >= 0) out = out.slice(0, comma) + out.slice(comma + 1);
      comma = -1;
      out += ch;
      i++;
    } else {
      if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') comma = -1;
      out += ch;
      i++;
    }
  }
  return out;
}
