// Finding the cell of an imported binding (runtime/imports.ts): by URL, through TypeScript's
// `.js` specifiers, barrels, and Vite's root-relative rewrites of relative imports.
import { describe, expect, it } from 'vitest';
import { importHandle, importedCell, registerExports } from '../../src/runtime/imports.js';
import { Cell } from '../../src/runtime/shadow.js';

const cell = (label: string): Cell => new Cell(null, undefined, label);

describe('imported bindings', () => {
  it('finds an exported variable by the importer-relative specifier, and nothing for other names', () => {
    const rev = cell('module binding rev');
    registerExports('file:///p1/src/state.mjs', ['rev', rev, 'revision', rev]);
    expect(importedCell(importHandle('file:///p1/src/main.mjs', './state.mjs', 'rev'))).toBe(rev);
    expect(importedCell(importHandle('file:///p1/src/lib/a.mjs', '../state.mjs', 'revision'))).toBe(rev);
    expect(importedCell(importHandle('file:///p1/src/main.mjs', './state.mjs', 'publish'))).toBeUndefined();
    expect(importedCell(importHandle('file:///p1/src/main.mjs', './other.mjs', 'rev'))).toBeUndefined();
  });

  it('follows the loader: `./x.js` for x.ts, and an extensionless specifier', () => {
    const flags = cell('module binding flags');
    registerExports('file:///p2/flags.ts', ['flags', flags]);
    expect(importedCell(importHandle('file:///p2/main.ts', './flags.js', 'flags'))).toBe(flags);
    expect(importedCell(importHandle('file:///p2/main.ts', './flags', 'flags'))).toBe(flags);
  });

  it('follows renamed re-exports and export *, but never re-exports default through export *', () => {
    const count = cell('module binding count');
    registerExports('file:///p3/lib/state.mjs', ['hits', count, 'default', count]);
    registerExports('file:///p3/lib/index.mjs', [], [['*', './state.mjs'], ['counter', './state.mjs', 'hits']]);
    expect(importedCell(importHandle('file:///p3/main.mjs', './lib/index.mjs', 'counter'))).toBe(count);
    expect(importedCell(importHandle('file:///p3/main.mjs', './lib/index.mjs', 'hits'))).toBe(count);
    expect(importedCell(importHandle('file:///p3/main.mjs', './lib/index.mjs', 'default'))).toBeUndefined();
  });

  it("finds the module of a root-relative specifier (Vite's rewrite), unless several modules end so", () => {
    const token = cell('module binding token');
    registerExports('file:///p4/test/auth.ts', ['token', token]);
    expect(importedCell(importHandle('file:///p4/test/a.test.ts', '/test/auth.ts', 'token'))).toBe(token);
    expect(importedCell(importHandle('file:///p4/test/a.test.ts', '/test/auth', 'token'))).toBe(token);
    registerExports('file:///p5/pkg/cfg.mjs', ['mode', cell('module binding mode')]);
    registerExports('file:///p6/pkg/cfg.mjs', ['mode', cell('module binding mode')]);
    expect(importedCell(importHandle('file:///p7/x.mjs', '/pkg/cfg.mjs', 'mode'))).toBeUndefined();
  });
});
