// How a bare import name maps through a tsconfig's `paths` and `baseUrl` (loader/ts-paths.ts), and
// where those come from along an `extends` chain (loader/tsconfig.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathMappingFor } from '../../loader/tsconfig.js';
import { candidatesOf, resolveAlias } from '../../loader/ts-paths.js';

const project = (files: Record<string, string>): string => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-paths-unit-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
};

describe('matching a name against paths patterns', () => {
  const base = path.resolve('/p');
  const mapping = (paths: Record<string, string[]>, hasBaseUrl = false) => ({ paths, base, hasBaseUrl });

  it('takes an exact pattern over a wildcard, and else the wildcard with the longest part before its star', () => {
    const m = mapping({ '*': ['any/*'], '@/*': ['src/*'], '@/db/*': ['db/*'], '@/db/main': ['main.ts'] });
    expect(candidatesOf('@/db/main', m)).toEqual([path.join(base, 'main.ts')]);
    expect(candidatesOf('@/db/pool', m)).toEqual([path.join(base, 'db/pool')]);
    expect(candidatesOf('@/util', m)).toEqual([path.join(base, 'src/util')]);
    expect(candidatesOf('lodash', m)).toEqual([path.join(base, 'any/lodash')]);
  });

  it('keeps every target of the pattern in order, with the star replaced, and matches a suffix after the star', () => {
    const m = mapping({ 'gen:*.json': ['data/*.json', 'fallback/*.json'] });
    expect(candidatesOf('gen:users.json', m)).toEqual([path.join(base, 'data/users.json'), path.join(base, 'fallback/users.json')]);
    expect(candidatesOf('gen:users.yaml', m)).toEqual([]);
  });

  it('ignores a pattern with two stars, as TypeScript does', () => {
    expect(candidatesOf('a/b', mapping({ '*/*': ['x/*'] }))).toEqual([]);
  });

  it('looks for an unmatched name under baseUrl only when baseUrl is set', () => {
    expect(candidatesOf('lib/x', mapping({ '@/*': ['src/*'] }, true))).toEqual([path.join(base, 'lib/x')]);
    expect(candidatesOf('lib/x', mapping({ '@/*': ['src/*'] }, false))).toEqual([]);
  });
});

describe('where paths and baseUrl come from', () => {
  it("resolves paths against the config that wrote them when there is no baseUrl, and against baseUrl's own config when there is", () => {
    const root = project({
      'configs/base.json': '{ "compilerOptions": { "paths": { "@/*": ["../src/*"] } } }',
      'app/tsconfig.json': '{ "extends": "../configs/base.json" }',
      'lib/tsconfig.json': '{ "extends": "../configs/base.json", "compilerOptions": { "baseUrl": "./root" } }',
    });
    expect(pathMappingFor(path.join(root, 'app'))).toEqual({ paths: { '@/*': ['../src/*'] }, base: path.join(root, 'configs'), hasBaseUrl: false });
    expect(pathMappingFor(path.join(root, 'lib'))).toEqual({ paths: { '@/*': ['../src/*'] }, base: path.join(root, 'lib', 'root'), hasBaseUrl: true });
  });

  it('is null for a config with neither, and the later config wins over its base', () => {
    const root = project({
      'a/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      'b/tsconfig.json': '{ "extends": "./base.json", "compilerOptions": { "paths": { "~/*": ["own/*"] } } }',
      'b/base.json': '{ "compilerOptions": { "paths": { "@/*": ["base/*"] } } }',
    });
    expect(pathMappingFor(path.join(root, 'a'))).toBeNull();
    expect(pathMappingFor(path.join(root, 'b'))?.paths).toEqual({ '~/*': ['own/*'] });
  });
});

describe('finding the file an alias names', () => {
  const root = project({
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["src/*"], "fs": ["src/fs.ts"] } } }',
    'src/db.ts': '',
    'src/view.tsx': '',
    'src/old.js': '',
    'src/conf/index.ts': '',
    'src/fs.ts': '',
    'node_modules/dep/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["x/*"] } } }',
    'node_modules/dep/x/y.ts': '',
  });
  const importer = path.join(root, 'app.ts');

  it('tries the name as written, the TypeScript file a .js name stands for, added extensions and a directory index', () => {
    expect(resolveAlias('@/db', importer)).toBe(path.join(root, 'src/db.ts'));
    expect(resolveAlias('@/db.js', importer)).toBe(path.join(root, 'src/db.ts'));
    expect(resolveAlias('@/view.js', importer)).toBe(path.join(root, 'src/view.tsx'));
    expect(resolveAlias('@/old.js', importer)).toBe(path.join(root, 'src/old.js'));
    expect(resolveAlias('@/conf', importer)).toBe(path.join(root, 'src/conf/index.ts'));
    expect(resolveAlias('@/missing', importer)).toBeNull();
  });

  it('leaves relative names, URLs, builtins and importers inside node_modules alone', () => {
    expect(resolveAlias('./src/db', importer)).toBeNull();
    expect(resolveAlias('node:fs', importer)).toBeNull();
    expect(resolveAlias('fs', importer)).toBeNull();
    expect(resolveAlias('@/y', path.join(root, 'node_modules/dep/index.ts'))).toBeNull();
  });
});
