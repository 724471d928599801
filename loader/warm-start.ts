// Whether this start will instrument much: the program's entry module is taken as the sign. Its
// transform cached means a warm start (a later run of the same program, at most a few edited files
// to instrument again); not cached means a first start, which instruments nearly every file.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFilter } from './filter.js';
import { type HookData, packageType } from './hooks.js';
import { isCached } from './transform.js';
import { TS_EXTENSIONS } from './transpile.js';

/**
 * True when the entry is an ES module (the loader thread's to instrument) whose output is not in the
 * cache yet, or when there is no cache. False for a CommonJS entry (instrumented on the main thread),
 * an entry nothing instruments, no entry file (`-e`, the REPL), or any failure to tell: a wrong
 * answer costs time, never correctness.
 */
export function entryMissesCache(data: HookData, entry: string | undefined = process.argv[1]): boolean {
  if (!data.cache) return true;
  try {
    if (typeof entry !== 'string' || entry === '') return false;
    const file = [path.resolve(entry), `${path.resolve(entry)}.js`].find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
    if (file === undefined) return false;
    const ext = path.extname(file);
    const typescript = TS_EXTENSIONS.has(ext);
    const instrument = createFilter(data)(file);
    if (!typescript && !instrument) return false;
    const module = ext === '.mjs' || ext === '.mts' || ((ext === '.js' || ext === '.ts' || ext === '.tsx') && packageType(path.dirname(file)) === 'module');
    // TypeScript outside a "type": "module" package is an ES module when its syntax says so.
    const undecided = !module && (ext === '.ts' || ext === '.tsx');
    if (!module && !undecided) return false;
    const url = pathToFileURL(file).href;
    // What the hooks hash: JavaScript as the bytes Node read, TypeScript as the text (see hooks.ts).
    const source = typescript ? fs.readFileSync(file, 'utf8') : fs.readFileSync(file);
    return !isCached({ source, file, url, module: true, typescript, instrument }) && !(undecided && isCached({ source, file, url, module: false, typescript, instrument }));
  } catch {
    return false;
  }
}
