import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestTsconfig, parseConfig } from '../../loader/tsconfig.js';
import { tempProject } from '../temp-project.js';

describe('reading tsconfig text as TypeScript does', () => {
  it('drops comments and trailing commas outside strings, and keeps strings as written', () => {
    const text = '\ufeff{\n  // line\n  "a": "http://x/*y*/", /* block, */ "b": [1, 2, ],\n  "c": "quote \\" // still a string,",\n  "d": { "e": true, /* gone */ },\n}\n';
    expect(parseConfig(text)).toEqual({ a: 'http://x/*y*/', b: [1, 2], c: 'quote " // still a string,', d: { e: true } });
  });

  it('keeps a comma that separates two members across a comment', () => {
    expect(parseConfig('{ "a": 1, /* between */ "b": 2 }')).toEqual({ a: 1, b: 2 });
  });

  it('ends a line comment at any line terminator, and takes the whitespace and raw tabs TypeScript takes', () => {
    expect(parseConfig('{"a": 1, // c\r"b": 2}')).toEqual({ a: 1, b: 2 });
    expect(parseConfig('{"a": 1, // c\u2028"b": 2}')).toEqual({ a: 1, b: 2 });
    expect(parseConfig('{\u00a0"a": 1,\f}')).toEqual({ a: 1 });
    expect(parseConfig('{"a": "x\ty"}')).toEqual({ a: 'x\ty' });
  });

  it('is null for text that is not a config object', () => {
    expect(parseConfig('{ "a": }')).toBeNull();
    expect(parseConfig('[1, 2]')).toBeNull();
    expect(parseConfig('')).toBeNull();
  });
});

describe('following extends', () => {
  const project = (files: Record<string, string>): string => tempProject('racedetect-tsconfig-unit-', files);
  const options = (dir: string) => (JSON.parse(nearestTsconfig(dir)!) as { compilerOptions: Record<string, unknown> }).compilerOptions;

  it('applies a base that two entries extend under each of them, so the later entry still wins', () => {
    const root = project({
      'tsconfig.json': '{ "extends": ["./legacy.json", "./common.json"] }',
      'legacy.json': '{ "extends": "./common.json", "compilerOptions": { "target": "es2020" } }',
      'common.json': '{ "compilerOptions": { "target": "es2022" } }',
    });
    expect(options(root)).toEqual({ target: 'es2022' });
  });

  it("stops at a cycle and keeps what the chain gave", () => {
    const root = project({
      'tsconfig.json': '{ "extends": "./a.json", "compilerOptions": { "strict": true } }',
      'a.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "target": "es2020" } }',
    });
    expect(options(root)).toEqual({ target: 'es2020', strict: true });
  });

  it("takes a package's config from its tsconfig field (with or without .json) or its tsconfig.json, never from its main", () => {
    const root = project({
      'node_modules/p/package.json': '{ "name": "p", "main": "other.json" }',
      'node_modules/p/other.json': '{ "compilerOptions": { "strict": true } }',
      'node_modules/p/tsconfig.json': '{ "compilerOptions": { "useDefineForClassFields": false } }',
      'node_modules/q/package.json': '{ "name": "q", "tsconfig": "./cfg/base" }',
      'node_modules/q/cfg/base.json': '{ "compilerOptions": { "jsx": "react-jsx" } }',
      'a/tsconfig.json': '{ "extends": "p" }',
      'b/tsconfig.json': '{ "extends": "q" }',
    });
    expect(options(path.join(root, 'a'))).toEqual({ useDefineForClassFields: false });
    expect(options(path.join(root, 'b'))).toEqual({ jsx: 'react-jsx' });
  });
});
