// TypeScript to JavaScript with esbuild's synchronous API (the CommonJS path cannot wait), keeping a
// source map so reports and stacks point at the .ts lines. Options come from the nearest tsconfig.json
// (esbuild reads compilerOptions such as experimentalDecorators and useDefineForClassFields from it).

import path from 'node:path';
import type { transformSync as TransformSync } from 'esbuild';

// esbuild is loaded on the first TypeScript file only: a JavaScript program's require.cache stays its own.
// This runs in the CommonJS chunk dist/compile.cjs (see lazy.ts), whose require resolves from dist/.
let esbuildTransform: typeof TransformSync | null = null;
function transformSync(...args: Parameters<typeof TransformSync>): ReturnType<typeof TransformSync> {
  esbuildTransform ??= (require('esbuild') as { transformSync: typeof TransformSync }).transformSync;
  return esbuildTransform(...args);
}
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { nearestTsconfig } from './tsconfig.js';

export const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export interface Transpiled {
  code: string;
  map: EncodedSourceMap;
}

// The output keeps everything Node runs as it is (`esnext`), except decorators: no Node runs them, and
// esbuild would pass standard (TC39) ones through unchanged at `esnext`; and `using` declarations,
// which Node 20 cannot parse (tsc and tsx lower them too).
const SUPPORTED = { decorators: false, using: false };

/** Transpiles one file; `url` names the original in the source map. */
export function transpileTypeScript(source: string, file: string, url: string, module: boolean): Transpiled {
  const ext = path.extname(file);
  const raw = nearestTsconfig(path.dirname(file));
  const result = transformSync(source, {
    loader: ext === '.tsx' ? 'tsx' : 'ts',
    format: module ? 'esm' : 'cjs',
    // For CommonJS output, esbuild then ends the file with `0 && (module.exports = { a, b })`: what
    // Node's cjs-module-lexer reads to give an ES module that imports the file its named exports.
    platform: 'node',
    sourcemap: 'external',
    sourcefile: url,
    target: 'esnext',
    supported: SUPPORTED,
    tsconfigRaw: raw,
    logLevel: 'silent',
  });
  return { code: result.code, map: JSON.parse(result.map) as EncodedSourceMap };
}

/**
 * The JavaScript of a TypeScript file with its module syntax kept as written (to tell ESM from
 * CommonJS). Decorators are lowered as for running it, so that the result parses: `@Injectable()
 * export class` left as written made the file look like no module at all.
 */
export function stripTypes(source: string, file: string): string {
  try {
    return transformSync(source, { loader: path.extname(file) === '.tsx' ? 'tsx' : 'ts', target: 'esnext', supported: SUPPORTED, tsconfigRaw: nearestTsconfig(path.dirname(file)), logLevel: 'silent' }).code;
  } catch {
    return source;
  }
}
