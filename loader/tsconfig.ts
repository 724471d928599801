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
  return JSON.stringify({ compilerOptions: compilerOptionsOf(file, config, [file]) });
}

/**
 * The config's compilerOptions over those of everything it extends (later `extends` entries win).
 * `chain`: the configs on the way here. Only a base already on it is a cycle; one that two entries
 * both extend applies under each of them, as in TypeScript.
 */
function compilerOptionsOf(file: string, config: Config, chain: readonly string[]): Options {
  let merged: Options = {};
  const bases = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const spec of bases) {
    if (typeof spec !== 'string') continue;
    const baseFile = resolveExtends(spec, file);
    // A base that is missing, unreadable or part of a cycle adds nothing (TypeScript reports those).
    if (baseFile === undefined || chain.includes(baseFile)) continue;
    let base: Config | null = null;
    try {
      base = parseConfig(fs.readFileSync(baseFile, 'utf8'));
    } catch {
      base = null;
    }
    if (base !== null) merged = { ...merged, ...compilerOptionsOf(baseFile, base, [...chain, baseFile]) };
  }
  const own = config.compilerOptions;
  return own !== null && typeof own === 'object' && !Array.isArray(own) ? { ...merged, ...(own as Options) } : merged;
}

/** Where an `extends` entry points: a path relative to the config, or a package's config file. */
function resolveExtends(spec: string, from: string): string | undefined {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(path.dirname(from), spec);
    // As TypeScript: the path as written, then with `.json` added.
    return firstFile(p.endsWith('.json') ? [p] : [p, `${p}.json`]);
  }
  const req = createRequire(from);
  const attempt = (request: string): string | undefined => {
    try {
      return req.resolve(request);
    } catch {
      return undefined;
    }
  };
  // "@tsconfig/node20/tsconfig.json" or "@tsconfig/node20/tsconfig"; for a package itself, its
  // package.json's "tsconfig" field, else its tsconfig.json - never its main entry.
  const direct = attempt(spec.endsWith('.json') ? spec : `${spec}.json`);
  if (direct !== undefined) return direct;
  const manifest = attempt(`${spec}/package.json`);
  if (manifest !== undefined) {
    try {
      const field = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { tsconfig?: unknown }).tsconfig;
      if (typeof field === 'string') {
        const p = path.resolve(path.dirname(manifest), field);
        const named = firstFile([p, `${p}.json`, path.join(p, 'tsconfig.json')]);
        if (named !== undefined) return named;
      }
    } catch {
      /* not a readable manifest: try the conventional file */
    }
  }
  return attempt(`${spec}/tsconfig.json`);
}

/** The first of `candidates` that is a file. */
function firstFile(candidates: string[]): string | undefined {
  return candidates.find((p) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  });
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

/**
 * The text as JSON: `//` and `/* *\/` comments and commas before `}` or `]` dropped, whitespace JSON
 * does not know (a no-break space, a form feed) made spaces, and control characters written raw in a
 * string (a tab) escaped, all of which TypeScript accepts in a tsconfig.
 */
function withoutCommentsAndTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  // Index in `out` of a comma that may turn out to be trailing, with only whitespace or comments since.
  let comma = -1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      out += '"';
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          out += text.slice(j, j + 2);
          j += 2;
        } else {
          const code = text.charCodeAt(j);
          out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : text[j];
          j++;
        }
      }
      out += '"';
      i = j + 1;
      comma = -1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && !LINE_END.test(text[i])) i++;
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
    } else if (SPACE.test(ch)) {
      out += ' ';
      i++;
    } else {
      comma = -1;
      out += ch;
      i++;
    }
  }
  return out;
}

const LINE_END = /[\n\r\u2028\u2029]/;
const SPACE = /\s/;
