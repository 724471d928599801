// How a bare import name maps through a tsconfig's `paths` and `baseUrl` (loader/ts-paths.ts), and
// where those come from along an `extends` chain (loader/tsconfig.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathMappingFor } from '../../loader/tsconfig.js';
import { candidatesOf, resolveAlias } from '../../loader/ts-paths.js';
import { tempProject } from '../temp-project.js';

const project = (files: Record<string, string>): string => tempProject('racedetect-paths-unit-', files);

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

  it('puts the project\'s own directory for ${configDir} in paths and baseUrl from a shared base', () => {
    const root = project({
      'node_modules/@co/tsconfig/tsconfig.json': '{ "compilerOptions": { "baseUrl": "${configDir}", "paths": { "@/*": ["${configDir}/src/*"] } } }',
      'app/tsconfig.json': '{ "extends": "@co/tsconfig/tsconfig.json" }',
    });
    expect(pathMappingFor(path.join(root, 'app'))).toEqual({ paths: { '@/*': [path.join(root, 'app') + '/src/*'] }, base: path.join(root, 'app'), hasBaseUrl: true });
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
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["src/*"], "#app/*": ["src/*"], "fs": ["src/fs.ts"], "$/*": ["src/$$/*"] } } }',
    'src/db.ts': '',
    'src/view.tsx': '',
    'src/old.js': '',
    'src/both.js': '',
    'src/both.ts': '',
    'src/q.mts': '',
    'src/q.js': '',
    'src/conf/index.ts': '',
    'src/pkg/package.json': '{ "main": "dist/main" }',
    'src/pkg/dist/main.js': '',
    'src/pkg/index.js': '',
    'src/fs.ts': '',
    'src/$$/x.ts': '',
    'node_modules/dep/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["x/*"] } } }',
    'node_modules/dep/x/y.ts': '',
  });

  it('tries the TypeScript file a .js name stands for, the name as written, added extensions, a package main and an index', () => {
    expect(resolveAlias('@/db', root)).toBe(path.join(root, 'src/db.ts'));
    expect(resolveAlias('@/db.js', root)).toBe(path.join(root, 'src/db.ts'));
    expect(resolveAlias('@/view.js', root)).toBe(path.join(root, 'src/view.tsx'));
    expect(resolveAlias('@/old.js', root)).toBe(path.join(root, 'src/old.js'));
    // A .js name with its source beside it (tsc's output next to the sources): the source, as TypeScript takes it.
    expect(resolveAlias('@/both.js', root)).toBe(path.join(root, 'src/both.ts'));
    // No .mts for a name without an extension, as in TypeScript.
    expect(resolveAlias('@/q', root)).toBe(path.join(root, 'src/q.js'));
    expect(resolveAlias('@/conf', root)).toBe(path.join(root, 'src/conf/index.ts'));
    expect(resolveAlias('@/pkg', root)).toBe(path.join(root, 'src/pkg/dist/main.js'));
    expect(resolveAlias('@/missing', root)).toBeNull();
  });

  it('maps #names through paths, and keeps $ in a target as written', () => {
    expect(resolveAlias('#app/db', root)).toBe(path.join(root, 'src/db.ts'));
    expect(resolveAlias('$/x', root)).toBe(path.join(root, 'src/$$/x.ts'));
  });

  it('leaves relative names, URLs, builtins and importers inside node_modules alone', () => {
    expect(resolveAlias('./src/db', root)).toBeNull();
    expect(resolveAlias('node:fs', root)).toBeNull();
    expect(resolveAlias('fs', root)).toBeNull();
    expect(resolveAlias('@/y', path.join(root, 'node_modules/dep'))).toBeNull();
  });

  it('gives the real path of a file reached through a symbolic link, as Node resolves modules', () => {
    const linked = project({ 'real/state.ts': '', 'tsconfig.json': '{ "compilerOptions": { "paths": { "@shared/*": ["./linked/*"] } } }' });
    fs.symlinkSync(path.join(linked, 'real'), path.join(linked, 'linked'), 'dir');
    expect(resolveAlias('@shared/state', linked)).toBe(path.join(linked, 'real/state.ts'));
  });
});
