// The work behind a cache miss: TypeScript transpiled, accesses instrumented, the two source maps
// chained (so stacks and reports show the original file, line and column). A file that
// cannot be parsed comes back as it is (transpiled, if TypeScript) with one warning.
//
// This is built as its own chunk (dist/compile.cjs) and loaded only on the first miss (lazy.ts): a
// start whose files are all cached never parses acorn, eslint-scope, magic-string or the source-map
// libraries.

import fs from 'node:fs';
import { parse } from 'acorn';
import remapping from '@jridgewell/remapping';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { ParseFailure, instrument } from './instrument.js';
import { stripTypes, transpileTypeScript } from './transpile.js';
import { keepCodeBefore } from './code-before.js';
import { ownSourceMap } from './own-source-map.js';
import type { TransformRequest } from './transform.js';

function warn(message: string): void {
  try {
    fs.writeSync(2, `racedetect: ${message}\n`);
  } catch {
    /* nothing to do */
  }
}

export interface Compiled {
  code: string;
  /** The source map from the original file to `code`, if the code differs from it. */
  map: EncodedSourceMap | null;
  /** See InstrumentOutput.origin. */
  origin?: string;
  /**
   * Without a transform cache: the code the file was instrumented from, where the file on disk does
   * not hold it (a require hook's output), for the caller to keep in this process (code-before.ts).
   * Not for TypeScript, which function-source.ts transpiles again when it is asked.
   */
  codeBefore?: { origin: string; code: string };
  /**
   * False when the file was meant to be instrumented and could not be: such output is never cached,
   * so the warning comes with every run, and a failure of the moment (a parse on the main thread
   * while the program had replaced a built-in the parser uses) does not outlive the run.
   */
  cacheable?: boolean;
}

/**
 * Whether the file holds exactly `source`: not so when a require hook or an earlier loader changed it
 * (then the code is kept for Function.prototype.toString, see code-before.ts).
 */
function isOnDisk(file: string, source: string | Uint8Array): boolean {
  try {
    const disk = fs.readFileSync(file);
    if (typeof source !== 'string') return Buffer.from(source.buffer, source.byteOffset, source.byteLength).equals(disk);
    // require() strips a byte order mark before it compiles.
    const text = disk.toString('utf8');
    return text === source || (text.charCodeAt(0) === 0xfeff && text.slice(1) === source);
  } catch {
    return false;
  }
}

export function compile(req: TransformRequest): Compiled {
  const source = typeof req.source === 'string' ? req.source : Buffer.from(req.source.buffer, req.source.byteOffset, req.source.byteLength).toString('utf8');
  let code = source;
  let map: EncodedSourceMap | null = null;
  // Sites are placed through the map that leads to the original source, when it names one file.
  let inputMap: EncodedSourceMap | null = null;
  let siteFile: string | undefined;
  if (req.typescript) {
    const t = transpileTypeScript(source, req.file, req.url, req.module);
    code = t.code;
    map = inputMap = t.map;
  }
  if (!req.instrument) return { code, map };
  if (!req.typescript) {
    // Compiled JavaScript with a map of its own (tsc, Babel, a bundler): chained with ours below.
    const own = ownSourceMap(source, req.file);
    if (own !== null) {
      map = own.map;
      if (own.source !== null) {
        inputMap = own.map;
        siteFile = own.source;
      }
    }
  }
  try {
    const onDisk = !req.typescript && isOnDisk(req.file, req.source);
    const r = instrument({ code, file: req.url, module: req.module, inputMap, siteFile, typescript: req.typescript, onDisk });
    const kept = r.origin !== '' && !onDisk;
    if (kept && req.cache) keepCodeBefore(r.origin, code);
    // The instrumentation map's one source is the transpiled file, whose own map leads to the .ts:
    // hand that map over once (for TypeScript, its source has the same URL, and would be asked for
    // again).
    let parent: EncodedSourceMap | null = map;
    const chained = map
      ? remapping(r.map as never, () => {
          const p = parent;
          parent = null;
          return p as never;
        })
      : r.map;
    return { code: r.code, map: chained as EncodedSourceMap, codeBefore: kept && !req.cache && !req.typescript ? { origin: r.origin, code } : undefined };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    warn(`cannot instrument ${req.file} (${e.message}); it runs uninstrumented`);
    // Uninstrumented JavaScript keeps its own map comment, which Node reads.
    return { code, map: req.typescript ? map : null, cacheable: false };
  }
}

/**
 * Whether a TypeScript file outside a `"type": "module"` package is an ES module: Node 22's rule for
 * ambiguous files, import/export statements or top-level await, applied to its JavaScript.
 */
export function isModuleTypeScript(source: string, file: string): boolean {
  const js = stripTypes(source, file);
  try {
    const ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowAwaitOutsideFunction: true }) as unknown as { body: { type: string }[] };
    if (ast.body.some((n) => n.type.startsWith('Import') || n.type.startsWith('Export'))) return true;
    return /(^|[^.\w$])await\s/m.test(js) && !isScript(js);
  } catch {
    return false;
  }
}

/**
 * Whether a file Node was asked to load as CommonJS without a declared format (a `.js` in a package
 * with no "type") is an ES module: import/export statements that a script cannot hold. Node 20
 * compiles such a file as CommonJS, fails, and loads it as a module (require(esm)). Parsed only when
 * a line starts with `import` or `export`.
 */
export function isModuleInScriptFile(source: string): boolean {
  if (!/^[ \t]*(?:import|export)\b/m.test(source) || isScript(source)) return false;
  try {
    const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowAwaitOutsideFunction: true }) as unknown as { body: { type: string }[] };
    return ast.body.some((n) => n.type.startsWith('Import') || n.type.startsWith('Export'));
  } catch {
    return false;
  }
}

function isScript(source: string): boolean {
  try {
    parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Instrumenting a module another tool has already compiled (Vite's transform pipeline): `inputMap`
 * leads from `code` to the original file, so sites name original lines; the returned map is from
 * `code` to the output, for the tool to chain. Null (after one warning) when the code cannot be parsed.
 */
export function instrumentModule(code: string, url: string, inputMap: EncodedSourceMap | null): Compiled | null {
  try {
    const r = instrument({ code, file: url, module: true, inputMap, onDisk: false });
    return { code: r.code, map: r.map, origin: r.origin };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    warn(`cannot instrument ${url} (${e.message}); it runs uninstrumented`);
    return null;
  }
}
