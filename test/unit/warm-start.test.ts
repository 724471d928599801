// The warm-start check must ask the cache for exactly what the module hooks store: were the two to
// disagree on any part of the key (the source as bytes or text, the module flag, TypeScript), every
// start would look cold and pay for the larger loader heap. So the entries here are written by the
// hooks' own load path, as Node calls it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../temp.js';

// The instrumenter is a separate chunk in the build; here it is the source module itself.
vi.mock('../../loader/lazy.js', async () => {
  const compile = await import('../../loader/compile.js');
  return { compiler: () => compile };
});

const cache = tempDir('racedetect-warm-cache-');
process.env.RACEDETECT_CACHE_DIR = cache;
const { configure, loadSync } = await import('../../loader/hooks.js');
const { entryMissesCache } = await import('../../loader/warm-start.js');

const data = { include: [], exclude: [], ownDir: '/nonexistent/', cache: true, nodeTestEntry: '' };

/** Loads `file` as Node's module machinery would: its default load step hands the hooks the file's bytes. */
function load(file: string, format: string | undefined): void {
  loadSync(pathToFileURL(file).href, { format, conditions: [] } as never, () => ({ format, source: fs.readFileSync(file), shortCircuit: true }));
}

describe('warm start', () => {
  let esm: string;
  let cjs: string;
  let ts: string;
  beforeAll(() => {
    configure(data);
    esm = tempDir('racedetect-warm-esm-');
    fs.writeFileSync(path.join(esm, 'package.json'), '{"type":"module"}');
    fs.writeFileSync(path.join(esm, 'app.js'), 'const state = { n: 0 };\nstate.n++;\nconsole.log(state.n);\n');
    fs.writeFileSync(path.join(esm, 'other.mjs'), 'export const x = { y: 1 };\nx.y++;\n');
    cjs = tempDir('racedetect-warm-cjs-');
    fs.writeFileSync(path.join(cjs, 'main.js'), 'const s = { n: 0 };\ns.n++;\nmodule.exports = s;\n');
    ts = tempDir('racedetect-warm-ts-');
    fs.writeFileSync(path.join(ts, 'esm-syntax.ts'), 'const s: { n: number } = { n: 0 };\nexport default s;\ns.n++;\n');
    fs.writeFileSync(path.join(ts, 'cjs-syntax.ts'), 'const s: { n: number } = { n: 0 };\ns.n++;\nmodule.exports = s;\n');
  });

  it('calls a JavaScript ES module entry cold until the hooks have cached it, then warm', () => {
    const entry = path.join(esm, 'app.js');
    expect(entryMissesCache(data, entry)).toBe(true);
    load(entry, 'module');
    expect(entryMissesCache(data, entry)).toBe(false);
    // Another file's entry is its own.
    expect(entryMissesCache(data, path.join(esm, 'other.mjs'))).toBe(true);
    load(path.join(esm, 'other.mjs'), 'module');
    expect(entryMissesCache(data, path.join(esm, 'other.mjs'))).toBe(false);
  });

  it('finds an entry named without its .js extension, as `node app` names it', () => {
    expect(entryMissesCache(data, path.join(esm, 'app'))).toBe(false);
  });

  it('calls a changed entry cold again', () => {
    const entry = path.join(esm, 'app.js');
    fs.appendFileSync(entry, 'state.n++;\n');
    expect(entryMissesCache(data, entry)).toBe(true);
  });

  it('finds TypeScript entries outside a module package, whichever module system their syntax picks', () => {
    const asModule = path.join(ts, 'esm-syntax.ts');
    expect(entryMissesCache(data, asModule)).toBe(true);
    load(asModule, undefined);
    expect(entryMissesCache(data, asModule)).toBe(false);
    const asCommonJs = path.join(ts, 'cjs-syntax.ts');
    expect(entryMissesCache(data, asCommonJs)).toBe(true);
    load(asCommonJs, undefined);
    expect(entryMissesCache(data, asCommonJs)).toBe(false);
  });

  it('never asks for the larger loader heap for a CommonJS entry, no entry or a missing file', () => {
    expect(entryMissesCache(data, path.join(cjs, 'main.js'))).toBe(false);
    expect(entryMissesCache(data, undefined)).toBe(false);
    expect(entryMissesCache(data, path.join(cjs, 'missing.mjs'))).toBe(false);
  });

  it('calls every start cold when the cache is off', () => {
    expect(entryMissesCache({ ...data, cache: false }, path.join(esm, 'other.mjs'))).toBe(true);
  });
});
