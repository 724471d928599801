// ES module hooks (module.register; they run off the main thread on Node 20). They transpile
// TypeScript, instrument ES modules, and leave CommonJS to the main thread's compile hook (cjs.ts),
// because Node 20's require() never reaches these hooks.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFilter } from './filter.js';
import { TS_EXTENSIONS } from './transpile.js';
import { isModuleTypeScript, transform } from './transform.js';
import { adaptSource, adapts } from './adapters.js';
import { resolveAlias } from './ts-paths.js';
import { installStackFilter, passThrough } from './own-frames.js';
import { standaloneInertApi } from '../src/runtime/inert.js';
import { keepFunctionSource, noteOrigin } from '../src/runtime/function-source.js';
import { contains } from '../src/runtime/primordials.js';
import { typeScriptAlternatives } from './ts-alternatives.js';

export interface HookData {
  include: string[];
  exclude: string[];
  ownDir: string;
  cache: boolean;
  /** URL of dist/node-test.mjs: what `import 'node:test'` resolves to (src/integrations/node-test.ts). */
  nodeTestEntry: string;
}

interface LoadContext {
  format?: string;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<{ format?: string | null; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }>;
type NextResolve = (specifier: string, context?: unknown) => Promise<{ url: string; format?: string | null }>;

let data: HookData = { include: [], exclude: [], ownDir: '', cache: true, nodeTestEntry: '' };
let shouldInstrument = createFilter(data);

export async function initialize(d: HookData): Promise<void> {
  configure(d);
  // This thread runs the hooks modules the program registers after the detector's, which were
  // instrumented on their way in: their entry points here do nothing (the runtime is not here), their
  // functions' text is their own, and their stacks name original columns, as on the main thread.
  if (!('__rd$' in globalThis)) {
    Object.defineProperty(globalThis, '__rd$', { value: standaloneInertApi(noteOrigin), enumerable: false, writable: false, configurable: false });
    keepFunctionSource();
    process.setSourceMapsEnabled(true);
  }
  // A module not found reaches the main thread with the stack it has here, through the hooks below.
  installStackFilter();
}

export function configure(d: HookData): void {
  data = d;
  shouldInstrument = createFilter(d);
}

/** TypeScript imports name `./lib.js` for `./lib.ts`, or leave the extension out: find the .ts file. */
function typeScriptAlternative(e: unknown, specifier: string, parentURL: string | undefined): string | null {
  if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\//.test(specifier) || !parentURL) return null;
  for (const alt of typeScriptAlternatives(specifier)) {
    const url = new URL(alt, parentURL);
    if (fs.existsSync(url)) return url.href;
  }
  return null;
}

interface ResolveContext {
  parentURL?: string;
  conditions?: readonly string[];
}

/**
 * Frames a call from a hook to the next step adds to the stack (own-frames.ts): passThrough's, the
 * hook's, and the chain's step that called the hook; under module.registerHooks, when the detector's
 * is the only hook, also the chain's start, the step that called the next one, and the CommonJS
 * loader's last step, which Node runs only for a chain.
 */
const THROUGH_OFF_THREAD = 3;
const THROUGH_IN_THREAD = 6;

/**
 * An import of node:test goes to racedetect's entry for it, which attaches the per-test hooks and
 * re-exports node:test. A require keeps node:test itself (its value is the test function): the
 * in-thread hooks attach the runtime's hooks as they see it go by (see requireOfNodeTest), off-thread
 * the main thread watches Module._load for it (src/integrations/node-test.ts).
 */
function nodeTestRedirect(specifier: string, context: ResolveContext): { url: string; shortCircuit: true } | null {
  if (specifier !== 'node:test' || !data.nodeTestEntry || context.parentURL === data.nodeTestEntry) return null;
  if (context.conditions !== undefined && contains(context.conditions, 'require')) return null;
  return { url: data.nodeTestEntry, shortCircuit: true };
}

/** require('node:test'), seen by the in-thread hooks: the runtime attaches its per-test hooks first. */
function requireOfNodeTest(specifier: string, context: ResolveContext): void {
  if (specifier !== 'node:test' || context.conditions === undefined || !contains(context.conditions, 'require')) return;
  const runtime = (globalThis as Record<symbol, { attachNodeTest?: () => void } | undefined>)[Symbol.for('racedetect.runtime')];
  runtime?.attachNodeTest?.();
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  const redirect = nodeTestRedirect(specifier, context);
  if (redirect !== null) return redirect;
  const aliased = aliasBefore(specifier, context.parentURL);
  if (aliased !== null) return aliased;
  try {
    return await passThrough(THROUGH_OFF_THREAD, next, undefined, [specifier, context]);
  } catch (e) {
    const url = typeScriptAlternative(e, specifier, context.parentURL);
    if (url === null) throw e;
    return { url, shortCircuit: true };
  }
}

/**
 * The same, for module.registerHooks (synchronous, on the main thread, for import and require). A
 * require is passed on as it is: the TypeScript alternatives are for import's errors, and catching
 * require's to throw them again would make the throw the detector's, which Node's report of an
 * uncaught error points at.
 */
export function resolveSync(specifier: string, context: ResolveContext, next: (s: string, c?: unknown) => unknown): unknown {
  const redirect = nodeTestRedirect(specifier, context);
  if (redirect !== null) return redirect;
  const aliased = aliasBefore(specifier, context.parentURL);
  if (aliased !== null) return aliased;
  if (context.conditions !== undefined && contains(context.conditions, 'require')) {
    requireOfNodeTest(specifier, context);
    return passThrough(THROUGH_IN_THREAD, next, undefined, [specifier, context]);
  }
  try {
    return passThrough(THROUGH_IN_THREAD, next, undefined, [specifier, context]);
  } catch (e) {
    const url = typeScriptAlternative(e, specifier, context.parentURL);
    if (url === null) throw e;
    return { url, shortCircuit: true };
  }
}

/** The file a path alias names (see ts-paths.ts), taken before Node looks. */
function aliasBefore(specifier: string, parentURL: string | undefined): { url: string; shortCircuit: true } | null {
  if (!parentURL?.startsWith('file:')) return null;
  // `--import x` resolves from the working directory, named as a directory URL.
  const parent = fileURLToPath(parentURL);
  const file = resolveAlias(specifier, parentURL.endsWith('/') ? parent : path.dirname(parent));
  return file === null ? null : { url: pathToFileURL(file).href, shortCircuit: true };
}

/** The `type` of the nearest package.json, per directory (Node reads each package.json once, too). */
const packageTypes = new Map<string, string>();

export function packageType(dir: string): string {
  let type = packageTypes.get(dir);
  if (type !== undefined) return type;
  const pj = path.join(dir, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      type = (JSON.parse(fs.readFileSync(pj, 'utf8')) as { type?: string }).type ?? 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else type = path.dirname(dir) === dir ? 'commonjs' : packageType(path.dirname(dir));
  packageTypes.set(dir, type);
  return type;
}

type LoadResult = { format?: string | null; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean };

/** A TypeScript file, transpiled (and instrumented); null for anything else. */
function loadTypeScript(url: string, forRequire: boolean): LoadResult | null {
  if (!url.startsWith('file:')) return null;
  const file = fileURLToPath(url);
  const ext = path.extname(file);
  if (!TS_EXTENSIONS.has(ext)) return null;
  const source = fs.readFileSync(file, 'utf8');
  const module = ext === '.mts' || (ext !== '.cts' && (packageType(path.dirname(file)) === 'module' || isModuleTypeScript(source, file, url, data.cache)));
  if (!module) {
    // CommonJS TypeScript: off-thread hooks leave it to require.extensions on the main thread; the
    // in-thread hooks hand over the transpiled source, which the compile hook then leaves alone.
    if (!forRequire) return { format: 'commonjs', shortCircuit: true };
    const code = transform({ source, file, url, module: false, typescript: true, instrument: shouldInstrument(file), cache: data.cache });
    markTransformed(file);
    return { format: 'commonjs', source: code, shortCircuit: true };
  }
  const code = transform({ source, file, url, module: true, typescript: true, instrument: shouldInstrument(file), cache: data.cache });
  return { format: 'module', source: code, shortCircuit: true };
}

/** An ES module as loaded, instrumented (and adapted, see adapters.ts); anything else unchanged. */
function instrumentLoaded(url: string, r: LoadResult): LoadResult {
  if (r.format !== 'module' || r.source == null || !url.startsWith('file:')) return r;
  const file = fileURLToPath(url);
  if (!shouldInstrument(file)) return adapts(file) ? { ...r, source: adaptSource(file, textOf(r.source)) } : r;
  const source = typeof r.source === 'string' || r.source instanceof Uint8Array ? r.source : new Uint8Array(r.source);
  const code = transform({ source, file, url, module: true, typescript: false, instrument: true, cache: data.cache });
  return { ...r, source: adaptSource(file, code) };
}

function textOf(source: string | ArrayBuffer | Uint8Array): string {
  return typeof source === 'string' ? source : Buffer.from(source instanceof Uint8Array ? source : new Uint8Array(source)).toString('utf8');
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<unknown> {
  return loadTypeScript(url, false) ?? instrumentLoaded(url, await (passThrough(THROUGH_OFF_THREAD, next, undefined, [url, context]) as ReturnType<NextLoad>));
}

/** The same, for module.registerHooks (synchronous, on the main thread, for import and require). */
export function loadSync(url: string, context: LoadContext, next: (u: string, c?: LoadContext) => LoadResult): unknown {
  return loadTypeScript(url, true) ?? instrumentLoaded(url, passThrough(THROUGH_IN_THREAD, next, undefined, [url, context]) as LoadResult);
}

let markTransformed: (file: string) => void = () => undefined;
export function onTransformedForRequire(fn: (file: string) => void): void {
  markTransformed = fn;
}

export { pathToFileURL };
