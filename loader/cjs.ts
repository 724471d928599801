// CommonJS on the main thread: Node 20's require() bypasses the ES module hooks, so the compile step is
// wrapped (Module.prototype._compile), and .ts / .cts files get a require extension that transpiles.

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from './transform.js';
import { compiler } from './lazy.js';
import { adaptSource } from './adapters.js';
import { resolveAlias } from './ts-paths.js';
import { pathMappingFor } from './tsconfig.js';
import { keepMethodName, passThrough } from './own-frames.js';
import { endsWithText, includesText, indexOfText, SafeSet } from '../src/runtime/primordials.js';
import { disguise } from '../src/runtime/function-source.js';

interface CompilingModule {
  _compile(content: string, filename: string, format?: string): unknown;
}

/**
 * Node 20.19+ and 22 compile through _compile what require() loads in every form, and say which with a
 * third argument: 'module' for an ES module (require(esm)), '...-typescript' for TypeScript Node strips
 * itself; undefined or 'commonjs' for CommonJS.
 */
function moduleKind(format: string | undefined): { module: boolean; typescript: boolean } {
  return { module: format === 'module' || format === 'module-typescript', typescript: format !== undefined && endsWithText(format, '-typescript') };
}

/** A line that starts an import or export statement: in a file Node loads as CommonJS, a hint of an ES module. */
const MODULE_LINE = /^[ \t]*(?:import|export)\b/m;

/** Code the in-thread module hooks already instrumented (require(esm) on Node 22+): its preamble opens it. */
function alreadyInstrumented(content: string): boolean {
  const at = indexOfText(content, 'var __rdS = __rd$.file(');
  return at >= 0 && at < 1024;
}

type Extensions = Record<string, (module: CompilingModule, filename: string) => void>;
type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

/** Files whose source was already transformed (the .ts extension, or in-thread hooks), so _compile passes them through. */
const transformed = new SafeSet<string>();

export function markTransformed(file: string): void {
  transformed.add(file);
}

/**
 * Frames a call through adds to the stack (own-frames.ts): passThrough's, and the wrapper's or
 * extension's that called it.
 */
const THROUGH = 2;

export function installCommonJsHooks(shouldInstrument: (file: string) => boolean, cache: boolean): () => void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const originalCompile = proto._compile;
  proto._compile = disguise(function _compile(this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    if (aliases === null && typeof filename === 'string') resolveAliasesFor(filename);
    if (transformed.delete(filename) || !shouldInstrument(filename) || alreadyInstrumented(content)) {
      // adaptSource leaves alone what the in-thread hooks adapted already (require(esm) on Node 22+).
      return passThrough(THROUGH, originalCompile, this, [adaptSource(filename, content), filename, ...rest]);
    }
    const format = typeof rest[0] === 'string' ? rest[0] : undefined;
    const kind = moduleKind(format);
    if (format === undefined && MODULE_LINE.test(content) && compiler().isModuleInScriptFile(content)) {
      // Instrumented as the module it is, and Node told so: it loads the text as one (require(esm)).
      kind.module = true;
      rest[0] = 'module';
    }
    const code = transform({ source: content, file: filename, url: pathToFileURL(filename).href, module: kind.module, typescript: kind.typescript, instrument: true, cache });
    // TypeScript is JavaScript now: Node is told so, and does not strip it again.
    if (kind.typescript) rest[0] = kind.module ? 'module' : 'commonjs';
    return passThrough(THROUGH, originalCompile, this, [adaptSource(filename, code), filename, ...rest]);
  }, originalCompile);
  const restoreCompileName = keepMethodName(originalCompile, '_compile');
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions;
  const added: string[] = [];
  for (const ext of ['.ts', '.cts', '.tsx']) {
    if (extensions[ext]) continue;
    added.push(ext);
    extensions[ext] = (module, filename) => {
      const source = fs.readFileSync(filename, 'utf8');
      const code = transform({ source, file: filename, url: pathToFileURL(filename).href, module: false, typescript: true, instrument: shouldInstrument(filename), cache });
      transformed.add(filename);
      passThrough(THROUGH, module._compile, module, [code, filename]);
    };
  }
  // A path alias can apply to what the program's entry, or a file in the working directory, requires.
  if (typeof process.argv[1] === 'string' && path.isAbsolute(process.argv[1])) resolveAliasesFor(process.argv[1]);
  try {
    resolveAliasesFor(path.join(process.cwd(), 'index.js'));
  } catch {
    // No working directory (it was removed): there is none to look in.
  }
  return () => {
    proto._compile = originalCompile;
    restoreCompileName();
    aliases?.uninstall();
    aliases = null;
    for (const ext of added) delete extensions[ext];
  };
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The path-alias resolver, once installed. */
let aliases: { uninstall(): void } | null = null;

/**
 * TypeScript path aliases (ts-paths.ts) for require(), before Node looks: Module._resolveFilename is
 * wrapped once a file is compiled that a tsconfig.json with `paths` or `baseUrl` governs, and only
 * then. The wrapper stays on the stack while Node resolves, which changes the name V8 gives Node's
 * frame in a "Cannot find module" error on Node 22 and later (keepMethodName puts it back) and takes a
 * frame of the stack (own-frames.ts gives it back): a program without aliases keeps Node's resolver as it
 * is. Every file a mapping governs is compiled before it can require anything; the one gap is an ES
 * module outside the working directory's and the entry's mappings that requires an alias through
 * createRequire where the module hooks do not see require() (Node 20 and before 22.15, and
 * require.resolve() before Node 24).
 */
function resolveAliasesFor(file: string): void {
  if (aliases !== null || includesText(file, NODE_MODULES) || pathMappingFor(path.dirname(file)) === null) return;
  const resolver = Module as unknown as { _resolveFilename: ResolveFilename };
  const originalResolve = resolver._resolveFilename;
  const wrapper = disguise(function _resolveFilename(this: unknown, request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) {
    const file = typeof request === 'string' && typeof parent?.filename === 'string' ? resolveAlias(request, path.dirname(parent.filename)) : null;
    return file ?? (passThrough(THROUGH, originalResolve, this, [request, parent, ...rest]) as string);
  }, originalResolve);
  resolver._resolveFilename = wrapper;
  const restoreName = keepMethodName(originalResolve, '_resolveFilename');
  aliases = {
    uninstall() {
      resolver._resolveFilename = originalResolve;
      restoreName();
    },
  };
}
