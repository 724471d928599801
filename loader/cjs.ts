// CommonJS on the main thread: Node 20's require() bypasses the ES module hooks, so the compile step is
// wrapped (Module.prototype._compile), and .ts / .cts files get a require extension that transpiles.

import fs from 'node:fs';
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { transform } from './transform.js';

interface CompilingModule {
  _compile(content: string, filename: string): unknown;
}

type Extensions = Record<string, (module: CompilingModule, filename: string) => void>;

/** Files whose source was already transformed (the .ts extension, or in-thread hooks), so _compile passes them through. */
const transformed = new Set<string>();

export function markTransformed(file: string): void {
  transformed.add(file);
}

export function installCommonJsHooks(shouldInstrument: (file: string) => boolean, cache: boolean): () => void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const originalCompile = proto._compile;
  proto._compile = function _compile(this: CompilingModule, content: string, filename: string) {
    if (transformed.delete(filename) || !shouldInstrument(filename)) return originalCompile.call(this, content, filename);
    const code = transform({ source: content, file: filename, url: pathToFileURL(filename).href, module: false, typescript: false, instrument: true, cache });
    return originalCompile.call(this, code, filename);
  };
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
  return () => {
    proto._compile = originalCompile;
    for (const ext of added) delete extensions[ext];
  };
}
