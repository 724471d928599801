// Installs both module paths: the ES module hooks (off-thread on Node 20) and CommonJS on this thread.

import Module, { register } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Options } from '../src/options.js';
import { cacheDir } from './cache.js';
import { installCommonJsHooks, markTransformed } from './cjs.js';
import { createFilter } from './filter.js';
import { type HookData, configure, loadSync, onTransformedForRequire, resolveSync } from './hooks.js';
import { entryMissesCache } from './warm-start.js';
import { installStackFilter } from './own-frames.js';
import { stopWatchingRequireOfNodeTest } from '../src/integrations/node-test.js';

export function registerLoaders(options: Options, distUrl: string): () => void {
  // racedetect's own built files are never instrumented.
  const ownDir = path.dirname(fileURLToPath(distUrl)) + path.sep;
  const nodeTestEntry = new URL('./node-test.mjs', distUrl).href;
  // The wrappers and hooks below stay on the stack of what they call; formatted stacks leave them out.
  installStackFilter();
  const data: HookData = { include: options.include, exclude: options.exclude, ownDir, cache: options.cache && !process.env.RACEDETECT_NO_CACHE, nodeTestEntry };
  // Node 22.15+ / 23.5+ run hooks in this thread (module.registerHooks): no loader worker, and
  // require() reaches them too. Node 20 has only module.register, whose hooks run off-thread.
  const registerHooks = (Module as unknown as { registerHooks?: (h: object) => unknown }).registerHooks;
  if (typeof registerHooks === 'function' && !process.env.RACEDETECT_OFF_THREAD_HOOKS) {
    configure(data);
    onTransformedForRequire(markTransformed);
    registerHooks({ resolve: resolveSync, load: loadSync });
    // These hooks see require('node:test') go by: Module._load need not be watched for it.
    stopWatchingRequireOfNodeTest();
  } else {
    const start = (): void => void register(new URL('./hooks.mjs', distUrl), { parentURL: distUrl, data });
    if (entryMissesCache(data)) withLoaderHeap(start);
    else start();
  }
  if (data.cache) enableCompileCache();
  return installCommonJsHooks(createFilter(data), data.cache);
}

/**
 * Node 22.1+ can keep V8's compiled code for modules between runs, and it keys the code by the source
 * V8 compiled: the instrumented code the hooks returned, too. Compiling that code (twice the size of
 * the source) is most of a cached start's extra time, so the compile cache goes beside the transform
 * cache, in the same per-user directory. process.env stays as it was (NODE_COMPILE_CACHE unset), though
 * module.getCompileCacheDir() names that directory; a compile cache the user enabled themselves is left
 * as it is.
 */
function enableCompileCache(): void {
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function' || process.env.NODE_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const dir = cacheDir();
  if (dir === null) return;
  try {
    enable(path.join(dir, 'v8'));
  } catch {
    /* no compile cache: only slower */
  }
}

/**
 * How large (MB per semi-space) the loader thread's young generation may grow. Instrumenting a file
 * makes trees and tables that live as long as the file takes (tens of milliseconds), longer than V8's
 * default young generation (16 MB here) holds them: they were copied and promoted. On a first start
 * (an empty cache) of the 5.5 MB start-up benchmark the loader thread collected 87-92 times for
 * 1.2-1.4 s; with 64 MB, 30-32 times for 0.36-0.43 s (32 MB: 0.4-1.1 s, as old-generation collections
 * came and went), and the start took 5.4-7.0 s instead of 6.4-6.7 s (CPU 8.0-10.2 s against 9.9-10.6
 * s) at ~75 MB more peak RSS. A cached start allocates too little there for the space to grow, and
 * the flag costs it time: a V8 flag that differs from the build's defaults makes the new thread's
 * isolate refuse the code cache of Node's own modules, so it compiles them (36 against 15 ms), and
 * module.register waited 75-90 ms instead of 38-41 ms on every start. So it is raised only when the
 * entry module is not cached yet (warm-start.ts).
 */
const LOADER_SEMI_SPACE_MB = 64;

/**
 * Runs `start` (which creates Node 20's loader thread: module.register waits until it runs) with V8's
 * young-generation limit raised, and puts the default back at once: V8 reads the flag when it sets up
 * an isolate, so this thread's heap and every worker the program starts later keep the default.
 * Only on the main thread: the flag is the process's, and a worker of the program (which loads the
 * detector too, and registers its own loader thread) would raise it while the program starts other
 * workers on other threads, which would then get it. A limit the user gave (on the command line or
 * in NODE_OPTIONS, in any spelling V8 and Node accept) is left alone; one another preload set with
 * v8.setFlagsFromString cannot be seen from here, and would be reset to the default.
 */
function withLoaderHeap(start: () => void): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^["']?--?max[-_]semi[-_]space[-_]size(?:$|[=\s"'])/.test(a));
  if (given || !isMainThread) return start();
  v8.setFlagsFromString(`--max-semi-space-size=${LOADER_SEMI_SPACE_MB}`);
  try {
    start();
  } finally {
    v8.setFlagsFromString('--max-semi-space-size=0');
  }
}
