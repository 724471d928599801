// `racedetect/vitest`: the Vitest plugin. Vitest runs test files and the code they import through
// Vite's module runner, which Node's loader hooks never see, so the plugin instruments in Vite's
// transform pipeline, after every other plugin (TypeScript, JSX, vi.mock hoisting have run), with the
// map of everything before it so that reports name original lines. A setup file (vitest-setup.ts)
// starts the runtime in each worker and attributes races to tests.
//
//   // vitest.config.ts
//   import racedetect from 'racedetect/vitest';
//   export default defineConfig({ plugins: [racedetect()] });
//
// Options are RACEDETECT_OPTIONS' keys, e.g. racedetect({ exclude: ['test/fixtures/**'] }); they are
// validated here and handed to the workers through RACEDETECT_OPTIONS.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { parseOptions } from '../options.js';
import { createFilter } from '../../loader/filter.js';
import { compiler } from '../../loader/lazy.js';
import { inertApi } from '../runtime/access.js';
import { keepCodeBefore } from '../../loader/code-before.js';

export type RacedetectOptions = Record<string, string | number | boolean | readonly string[]>;

/** What configureVitest is handed of a project (Vitest 3.1 and later). */
interface ProjectContext {
  project?: { config?: { setupFiles?: unknown; server?: { deps?: { external?: unknown } } } };
}

/** The parts of Vite's plugin interface this plugin uses (Vite's own types are not a dependency). */
export interface RacedetectPlugin {
  name: string;
  enforce: 'post';
  config(config: { test?: { setupFiles?: string | string[] } }): { test: { server: { deps: { external: RegExp[] } } } };
  configureVitest(context: ProjectContext): void;
  transform: {
    order: 'post';
    handler(this: { getCombinedSourcemap?: () => unknown }, code: string, id: string): { code: string; map: unknown } | null;
  };
}

const distDir = path.dirname(fileURLToPath(import.meta.url));

/** The options as RACEDETECT_OPTIONS text: the environment's first, the plugin's after them (they win). */
function optionsText(own: RacedetectOptions): string {
  const pairs = Object.entries(own).map(([k, v]) => {
    const value = typeof v === 'boolean' ? (v ? '1' : '0') : Array.isArray(v) ? v.join(',') : String(v);
    if (/\s/.test(value)) throw new Error(`racedetect: option ${k} cannot contain whitespace ("${value}")`);
    return `${k}=${value}`;
  });
  return [process.env.RACEDETECT_OPTIONS ?? '', ...pairs].join(' ').trim();
}

export default function racedetect(own: RacedetectOptions = {}): RacedetectPlugin {
  const text = optionsText(own);
  // Bad options stop the run here, with parseOptions' one-line message, before any worker starts.
  const options = parseOptions(text);
  process.env.RACEDETECT_OPTIONS = text;
  const filter = createFilter({ include: options.include, exclude: options.exclude, ownDir: distDir + path.sep });
  // Global setup files run in this process through the same transform: their entry points do nothing here.
  if (!('__rd$' in globalThis)) Object.defineProperty(globalThis, '__rd$', { value: inertApi(), enumerable: false, writable: false, configurable: false });
  const ownDist = new RegExp(`^${(distDir + path.sep).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const setup = path.join(distDir, 'vitest-setup.mjs');
  return {
    name: 'racedetect',
    enforce: 'post',
    config(config) {
      // The setup file goes first: the project's own setup files are instrumented, and need the
      // runtime it starts in the worker (a returned list would be appended to theirs).
      const test = (config.test ??= {});
      const theirs = test.setupFiles === undefined ? [] : Array.isArray(test.setupFiles) ? test.setupFiles : [test.setupFiles];
      test.setupFiles = [setup, ...theirs.filter((f) => f !== setup)];
      return { test: { server: { deps: { external: [ownDist] } } } };
    },
    // Each project, as resolved. An inline project of Vitest 5 (`test.projects: [{ ... }]`) shares the
    // root's Vite server, and with it this plugin's transform, but takes its test options from the
    // config as it was before any plugin's config hook: without the setup file there, every file it
    // instrumented failed with `__rd$ is not defined`.
    configureVitest({ project }) {
      const config = project?.config;
      if (config === undefined) return;
      const files = config.setupFiles;
      if (Array.isArray(files) && !files.includes(setup)) files.unshift(setup);
      const external = config.server?.deps?.external;
      if (Array.isArray(external) && !external.some((e) => e instanceof RegExp && e.source === ownDist.source)) external.push(ownDist);
    },
    // `enforce: 'post'` alone puts this plugin before Vitest's own post plugins (a config's plugins
    // come before them), among them vitest:mocks, which hoists vi.mock and vi.hoisted: it would see
    // instrumented code (`const { x } = vi.hoisted(...)` no longer a declaration it recognises) and
    // move hoisted code above the file's site table. The hook's own `order: 'post'` runs it last.
    transform: {
      order: 'post',
      handler(code, id) {
        // A virtual module, or code this plugin already instrumented (listed twice, or another copy of it).
        if (id.startsWith('\0') || code.includes('var __rdS = __rd$.file(')) return null;
        const file = id.replace(/[?#].*$/, '');
        if (!path.isAbsolute(file) || !filter(file)) return null;
        const map = typeof this.getCombinedSourcemap === 'function' ? (this.getCombinedSourcemap() as EncodedSourceMap) : null;
        // Sites are registered under the file's URL, as Node's loader names modules (reports read it).
        // The map's one source is the file's path, as Vite names it: where no plugin before this one
        // made a map, this map is the module's whole chain, and Vite's module runner (Vitest 4 and later)
        // resolves a source that is no absolute path against the module's directory: a file URL there
        // broke inline snapshots, failure locations and every stack frame in the file.
        const out = compiler().instrumentModule(code, pathToFileURL(file).href, map);
        if (out === null) return null;
        // The code Vite made is on no disk: kept where the workers can find it, should the program ask
        // a function of it for its source text (runtime/function-source.ts).
        if (out.origin && options.cache) keepCodeBefore(out.origin, code);
        return { code: out.code, map: out.map === null ? null : { ...out.map, sources: [file] } };
      },
    },
  };
}
