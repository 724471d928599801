// CommonJS on the main thread: Node 20's require() bypasses the ES module hooks, so the compile step is
// wrapped (Module.prototype._compile), and .ts / .cts files get a require extension that transpiles.

import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from './transform.js';
import { adaptSource } from './adapters.js';
import { resolveAlias } from './ts-paths.js';
import { apply, endsWithText, indexOfText, SafeSet } from '../src/runtime/primordials.js';
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

export function installCommonJsHooks(shouldInstrument: (file: string) => boolean, cache: boolean): () => void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const originalCompile = proto._compile;
  proto._compile = disguise(function _compile(this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    if (transformed.delete(filename) || !shouldInstrument(filename) || alreadyInstrumented(content)) {
      // adaptSource leaves alone what the in-thread hooks adapted already (require(esm) on Node 22+).
      return apply(originalCompile, this, [adaptSource(filename, content), filename, ...rest]) as unknown;
    }
    const format = typeof rest[0] === 'string' ? rest[0] : undefined;
    const kind = moduleKind(format);
    const code = transform({ source: content, file: filename, url: pathToFileURL(filename).href, module: kind.module, typescript: kind.typescript, instrument: true, cache });
    // TypeScript is JavaScript now: Node is told so, and does not strip it again.
    if (kind.typescript) rest[0] = kind.module ? 'module' : 'commonjs';
    return apply(originalCompile, this, [adaptSource(filename, code), filename, ...rest]) as unknown;
  }, originalCompile);
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions;
  const added: string[] = [];
  for (const ext of ['.ts', '.cts', '.tsx']) {
    if (extensions[ext]) continue;
    added.push(ext);
    extensions[ext] = (module, filename) => {
      const source = fs.readFileSync(filename, 'utf8');
      const code = transform({ source, file: filename, url: pathToFileURL(filename).href, module: false, typescript: true, instrument: shouldInstrument(filename), cache });
      transformed.add(filename);
      module._compile(code, filename);
    };
  }
  const resolver = Module as unknown as { _resolveFilename: ResolveFilename };
  const originalResolve = resolver._resolveFilename;
  // TypeScript path aliases (ts-paths.ts), before Node looks.
  resolver._resolveFilename = disguise(function _resolveFilename(this: unknown, request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) {
    const file = typeof request === 'string' && typeof parent?.filename === 'string' ? resolveAlias(request, path.dirname(parent.filename)) : null;
    return file ?? (apply(originalResolve, this, [request, parent, ...rest]) as string);
  }, originalResolve);
  return () => {
    proto._compile = originalCompile;
    resolver._resolveFilename = originalResolve;
    for (const ext of added) delete extensions[ext];
  };
}
