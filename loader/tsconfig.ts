// The tsconfig.json that governs a TypeScript file: esbuild reads compilerOptions such as
// experimentalDecorators and useDefineForClassFields from it, so its text is part of what a
// transpilation depends on (the transform cache's key includes it); its `paths` and `baseUrl` say
// where bare import names go (ts-paths.ts).
//
// esbuild's transform API takes the config as text and cannot follow `extends`, but projects put
// their options in a shared base (`"extends": "./tsconfig.base.json"`, `"@tsconfig/node20"`): with
// only the nearest file's own options, a project whose decorators were configured in its base failed
// to start. The chain is followed here, as TypeScript and tsx do, and esbuild gets the merged options.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { SafeMap } from '../src/runtime/primordials.js';

const configFileCache = new SafeMap<string, string | undefined>();

/** The nearest tsconfig.json at or above `dir`, not past a node_modules. */
function nearestTsconfigFile(dir: string): string | undefined {
  if (configFileCache.has(dir)) return configFileCache.get(dir);
  const candidate = path.join(dir, 'tsconfig.json');
  let found: string | undefined;
  if (fs.existsSync(candidate)) found = candidate;
  else {
    const parent = path.dirname(dir);
    found = parent !== dir && !dir.endsWith(`${path.sep}node_modules`) ? nearestTsconfigFile(parent) : undefined;
  }
  configFileCache.set(dir, found);
  return found;
}

/**
 * The config that governs files in `dir`, as text: the nearest tsconfig.json, with the compilerOptions
 * of the configs it extends merged in. A config without `extends`, or one that cannot be read as JSON
 * with comments, is its own text as written.
 */
export function nearestTsconfig(dir: string): string | undefined {
  const file = nearestTsconfigFile(dir);
  const c = file === undefined ? null : readConfig(file);
  if (c === null) return undefined;
  if (c.config === null || c.config.extends === undefined) return c.text;
  return (c.effective ??= JSON.stringify({ compilerOptions: Object.assign({}, ...c.layers.map((l) => l.options)) }));
}

/** A config file as read once for the run: both its merged text and its path mapping come from this. */
interface ConfigFile {
  text: string;
  config: Config | null;
  /** See layersOf; empty when `config` is null. */
  layers: Layer[];
  effective?: string;
  mapping?: PathMapping | null;
}

/** By config file; null: unreadable, or being read. */
const configs = new SafeMap<string, ConfigFile | null>();

function readConfig(file: string): ConfigFile | null {
  let c = configs.get(file);
  if (c !== undefined) return c;
  // A package base is found with require.resolve, which asks ts-paths.ts, which asks here: while this
  // config is being read it has no mapping (TypeScript does not alias `extends` either).
  configs.set(file, null);
  try {
    const text = fs.readFileSync(file, 'utf8');
    const config = parseConfig(text);
    c = { text, config, layers: config === null ? [] : layersOf(file, config, [file]) };
  } catch {
    c = null;
  }
  configs.set(file, c);
  return c;
}

type Options = Record<string, unknown>;
interface Config {
  extends?: unknown;
  compilerOptions?: unknown;
}
/** One config file of an `extends` chain and its own compilerOptions. */
interface Layer {
  file: string;
  options: Options;
}

/**
 * The config and everything it extends, in the order their compilerOptions apply (bases first, later
 * `extends` entries after earlier ones, the config itself last). `chain`: the configs on the way here.
 * Only a base already on it is a cycle; one that two entries both extend applies under each of them,
 * as in TypeScript.
 */
function layersOf(file: string, config: Config, chain: readonly string[]): Layer[] {
  const layers: Layer[] = [];
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
    if (base !== null) layers.push(...layersOf(baseFile, base, [...chain, baseFile]));
  }
  const own = config.compilerOptions;
  if (own !== null && typeof own === 'object' && !Array.isArray(own)) layers.push({ file, options: own as Options });
  return layers;
}

/**
 * What a project's `paths` and `baseUrl` say about bare import names (see ts-paths.ts): `paths`
 * patterns with their targets, and the directory the targets are relative to - `baseUrl` if set, else
 * the directory of the config that wrote `paths`, as TypeScript resolves them.
 */
export interface PathMapping {
  paths: Record<string, string[]>;
  /** Absolute; where targets (and, with `baseUrl`, bare names themselves) are looked for. */
  base: string;
  /** A `baseUrl` is set: a bare name no pattern matches is also looked for under it. */
  hasBaseUrl: boolean;
}

/** The path mapping of the nearest tsconfig.json at or above `dir`, or null if it has none. */
export function pathMappingFor(dir: string): PathMapping | null {
  const file = nearestTsconfigFile(dir);
  const c = file === undefined ? null : readConfig(file);
  if (c === null || c.config === null) return null;
  if (c.mapping === undefined) c.mapping = mappingOf(c.layers, path.dirname(file!));
  return c.mapping;
}

/**
 * `configDir`: the directory of the config the mapping is for, which `${configDir}` in a base's paths
 * or baseUrl stands for (TypeScript 5.5: how a shared config in a package names the project's own files).
 */
function mappingOf(layers: readonly Layer[], configDir: string): PathMapping | null {
  let baseUrl: string | undefined;
  let paths: Record<string, string[]> | undefined;
  let pathsDir = '';
  const expand = (p: string): string => p.replaceAll('${configDir}', configDir);
  // Each option from the last layer that sets it, relative to that layer's own directory.
  for (const { file, options } of layers) {
    if (typeof options.baseUrl === 'string') baseUrl = path.resolve(path.dirname(file), expand(options.baseUrl));
    const p = options.paths;
    if (p !== null && typeof p === 'object' && !Array.isArray(p)) {
      paths = Object.create(null) as Record<string, string[]>;
      for (const [pattern, targets] of Object.entries(p as Record<string, unknown>)) {
        if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string').map(expand);
      }
      pathsDir = path.dirname(file);
    }
  }
  if (paths === undefined && baseUrl === undefined) return null;
  return { paths: paths ?? {}, base: baseUrl ?? pathsDir, hasBaseUrl: baseUrl !== undefined };
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
  return candidates.find(isFile);
}

export function isFile(p: string): boolean {
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
