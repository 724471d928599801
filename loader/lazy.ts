// The instrumenter (acorn, eslint-scope, magic-string, the source-map libraries: most of racedetect's
// code by size) is needed only when the cache misses, so it sits in its own chunk, dist/compile.cjs,
// loaded the first time a file has to be transformed. A start whose files are all cached never loads it.
//
// The load must be synchronous (CommonJS's compile step and module.registerHooks cannot wait), so the
// chunk is CommonJS. It is compiled with vm.compileFunction rather than required: require() would put
// racedetect's chunk into the program's require.cache and send it through the module hooks.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export type Compiler = typeof import('./compile.js');

let loaded: Compiler | null = null;

export function compiler(): Compiler {
  if (loaded !== null) return loaded;
  const filename = fileURLToPath(new URL('./compile.cjs', import.meta.url));
  const wrapper = vm.compileFunction(fs.readFileSync(filename, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  const module = { exports: {} as Compiler };
  wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  loaded = module.exports;
  return loaded;
}
