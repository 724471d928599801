// Installs both module paths: the ES module hooks (off-thread on Node 20) and CommonJS on this thread.

import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from '../src/options.js';
import { installCommonJsHooks } from './cjs.js';
import { createFilter } from './filter.js';
import type { HookData } from './hooks.js';

export function registerLoaders(options: Options, distUrl: string): () => void {
  // racedetect's own built files are never instrumented.
  const ownDir = path.dirname(fileURLToPath(distUrl)) + path.sep;
  const data: HookData = { include: options.include, exclude: options.exclude, ownDir, cache: options.cache && !process.env.RACEDETECT_NO_CACHE };
  register(new URL('./hooks.mjs', distUrl), { parentURL: distUrl, data });
  return installCommonJsHooks(createFilter(data), data.cache);
}
