// The loader: TypeScript through require and import, files that cannot be instrumented, and the
// transform cache's safety rules (SPEC §7).
import crypto from 'node:crypto';
import Module from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, run, registerPath } from './helpers.js';
import { tempProject } from '../temp-project.js';
import { tempDir } from '../temp.js';

const dir = path.join(projectDir, 'test', 'fixtures', 'loader');

function detect(file: string, env: Record<string, string | undefined> = {}) {
  return run(['--import', registerPath, file], { cwd: dir, env });
}

describe('module loading', () => {
  it('requires a TypeScript module from CommonJS by its extensionless name', async () => {
    const r = await detect('uses-ts.cjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('total 5\n');
    expect(r.code).toBe(0);
  });

  it('imports a .mts module named with the .js extension, as NodeNext TypeScript does', async () => {
    const r = await detect('imports-ts.mts');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('total 4 1\n');
  });

  it("instruments a file whose 'use strict' has no semicolon, keeping strict mode", async () => {
    const r = await detect('directive-no-semicolon.cjs');
    expect(r.stdout).toBe('count 1 strict true\n');
    expect(r.stderr).not.toContain('racedetect: cannot instrument');
    expect(r.stderr).toMatch(/^Write at module binding count \(declared at directive-no-semicolon\.cjs:4:5\)/m);
    expect(r.code).toBe(66);
  });

  it('instruments an ES module loaded by require() (require(esm)) as a module, once', async () => {
    const r = await detect('requires-esm.cjs');
    expect(r.stdout).toBe('counter 1\n');
    expect(r.stderr).not.toContain('racedetect: cannot instrument');
    expect(r.stderr.match(/WARNING: DATA RACE/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/^Write at module binding counter \(declared at esm-lib\.mjs:2:12\)/m);
    expect(r.code).toBe(66);
  });

  it('leaves a file it cannot parse to Node, with one warning', async () => {
    const plain = await run(['broken.mjs'], { cwd: dir });
    const r = await detect('broken.mjs');
    expect(r.code).toBe(plain.code);
    expect(r.stderr.match(/racedetect: cannot instrument .*broken\.mjs .*runs uninstrumented/g)).toHaveLength(1);
    expect(r.stderr).toContain("SyntaxError: Unexpected token ';'");
  });
});

describe('tsconfig extends', () => {
  // Legacy decorators and [[Set]] class fields (useDefineForClassFields: false) each print a line;
  // with neither, the decorator is left to Node, which cannot parse it.
  const program = [
    'function mark(target: object, key: string) { console.log("legacy decorator on", key); }',
    'class Base { set x(v: number) { console.log("setter ran with", v); } }',
    'class A extends Base { @mark m() {} x = 5; }',
    'new A();',
    'console.log("done");',
    '',
  ].join('\n');
  const project = (files: Record<string, string>): string => tempProject('racedetect-tsconfig-test-', { 'app.ts': program, ...files });
  const runIn = (root: string, env: Record<string, string | undefined> = { RACEDETECT_NO_CACHE: '1' }) =>
    run(['--import', registerPath, 'app.ts'], { cwd: root, env });

  it('takes compiler options from a base the nearest tsconfig.json extends, written with comments and trailing commas', async () => {
    const root = project({
      'tsconfig.json': '{ "extends": "./tsconfig.base" }\n',
      'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { /* legacy */ "experimentalDecorators": true, "useDefineForClassFields": false, },\n}\n',
    });
    const r = await runIn(root);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('legacy decorator on m\nsetter ran with 5\ndone\n');
  });

  it("follows a package's config and a list of bases, the later base and the file's own options winning", async () => {
    const root = project({
      'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig", "version": "1.0.0" }',
      'node_modules/@acme/tsconfig/tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": false, "useDefineForClassFields": true } }',
      'node_modules/@acme/tsconfig/decorators.json': '{ "compilerOptions": { "experimentalDecorators": true } }',
      'tsconfig.json': '{ "extends": ["@acme/tsconfig", "@acme/tsconfig/decorators.json"], "compilerOptions": { "useDefineForClassFields": false } }',
    });
    const r = await runIn(root);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('legacy decorator on m\nsetter ran with 5\ndone\n');
  });

  it('transpiles again when only the base changed, though the file and its nearest tsconfig.json did not', async () => {
    const root = project({
      'tsconfig.json': '{ "extends": "./base.json" }',
      'base.json': '{ "compilerOptions": { "experimentalDecorators": true, "useDefineForClassFields": false } }',
    });
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: path.join(root, '.cache') };
    const first = await runIn(root, env);
    expect(first.stdout).toBe('legacy decorator on m\nsetter ran with 5\ndone\n');
    fs.writeFileSync(path.join(root, 'base.json'), '{ "compilerOptions": { "experimentalDecorators": true, "useDefineForClassFields": true } }');
    const second = await runIn(root, env);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('legacy decorator on m\ndone\n');
  });
});

describe("a compiled file's own source map", () => {
  // What `tsc --sourceMap` leaves beside its output: dist/racy.js ending in a sourceMappingURL comment,
  // dist/racy.js.map naming ../src/racy.ts. esbuild writes the same here.
  const ts = [
    '// a deposit that reads, awaits and writes back',
    'type Account = { balance: number };',
    'const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));',
    'export async function deposit(a: Account, n: number): Promise<void> {',
    '  const b: number = a.balance;',
    '  await delay(2);',
    '  a.balance = b + n;',
    '}',
    'export function boom(): never {',
    "  throw new Error('boom');",
    '}',
    '',
  ].join('\n');
  async function compiled(inline: boolean): Promise<string> {
    const { transformSync } = await import('esbuild');
    const out = transformSync(ts, { loader: 'ts', format: 'cjs', sourcemap: inline ? 'inline' : 'external', sourcefile: '../src/racy.ts' });
    const files: Record<string, string> = {
      'package.json': '{}',
      'src/racy.ts': ts,
      'main.cjs': [
        "const { deposit, boom } = require('./dist/racy.js');",
        'const acc = { balance: 0 };',
        'Promise.all([deposit(acc, 1), deposit(acc, 2)]).then(() => {',
        '  try { boom(); } catch (e) { console.log(e.stack.split("\\n")[1].trim().replace(/\\(.*[\\\\/]/, "(")); }',
        '});',
        '',
      ].join('\n'),
    };
    files['dist/racy.js'] = inline ? out.code : `${out.code}//# sourceMappingURL=racy.js.map\n`;
    if (!inline) files['dist/racy.js.map'] = out.map;
    return tempProject('racedetect-own-map-', files);
  }

  for (const inline of [false, true]) {
    it(`stacks and sites name the .ts lines the ${inline ? 'inline' : 'separate'} map leads to`, async () => {
      const root = await compiled(inline);
      const r = await run(['--import', registerPath, 'main.cjs'], { cwd: root, env: { RACEDETECT_NO_CACHE: '1' } });
      // Without the detector, --enable-source-maps gives the same frame.
      expect(r.stdout).toBe('at boom (racy.ts:10:9)\n');
      expect(r.stderr).toMatch(/^Write at Object#1\.balance \(created at main\.cjs:2:13\) by async context \d+:\n  deposit\(\)\n      src\/racy\.ts:7:3$/m);
      expect(r.stderr).toMatch(/read Object#1\.balance at src\/racy\.ts:5:21, awaited at src\/racy\.ts:6:3/);
      expect(r.code).toBe(66);
      const plain = await run(['--enable-source-maps', 'main.cjs'], { cwd: root });
      expect(plain.stdout).toBe(r.stdout);
    });
  }

  it('a map that is missing or broken leaves the file as if it had none', async () => {
    const root = tempProject('racedetect-own-map-', {
      'package.json': '{}',
      'a.js': "exports.a = () => new Error('a').stack.split('\\n')[1].trim();\n//# sourceMappingURL=missing.js.map\n",
      'b.js': "exports.b = () => new Error('b').stack.split('\\n')[1].trim();\n//# sourceMappingURL=b.js.map\n",
      'b.js.map': '{ "version": 3, "sources": ',
      'main.cjs': "console.log(require('./a.js').a().replace(/\\(.*[\\\\/]/, '('), require('./b.js').b().replace(/\\(.*[\\\\/]/, '('));\n",
    });
    const r = await run(['--import', registerPath, 'main.cjs'], { cwd: root, env: { RACEDETECT_NO_CACHE: '1' } });
    expect(r.stderr).toBe('');
    const plain = await run(['--enable-source-maps', 'main.cjs'], { cwd: root });
    // Where the frames point (how Node names the function differs, see Known differences).
    const where = (out: string): string[] => [...out.matchAll(/\(([ab]\.js:\d+:\d+)\)/g)].map((m) => m[1]);
    expect(where(plain.stdout)).toEqual(['a.js:1:19', 'b.js:1:19']);
    expect(where(r.stdout)).toEqual(where(plain.stdout));
  });
});

describe('tsconfig paths', () => {
  const project = (files: Record<string, string>): string => tempProject('racedetect-paths-test-', files);
  const runIn = (root: string, args: string[]) => run(['--import', registerPath, ...args], { cwd: root, env: { RACEDETECT_NO_CACHE: '1' } });
  // An installed package whose name is also an alias: the alias wins, as in TypeScript and tsx, for
  // JavaScript importers too.
  const colliding = {
    'node_modules/colliding/package.json': '{ "name": "colliding", "main": "index.js" }',
    'node_modules/colliding/index.js': 'module.exports = { from: "package" };',
    'src/colliding.ts': 'export const from: string = "alias";',
  };

  it('runs an ES module project whose imports (and --import) use paths aliases, and reports a race in an aliased file at its .ts line', async () => {
    const root = project({
      'package.json': '{ "type": "module" }',
      'tsconfig.json': '{\n  // base in a subdirectory\n  "extends": "./config/base.json",\n}\n',
      'config/base.json': '{ "compilerOptions": { "paths": { "@/*": ["../src/*"], "@lib": ["../src/lib/index.ts"], "colliding": ["../src/colliding.ts"] } } }',
      ...colliding,
      'src/lib/index.ts': 'export const lib = (): string => "lib";',
      'src/setup.ts': 'console.log("setup");',
      'src/counter.ts': 'export const state = { n: 0 };\nexport async function bump(): Promise<void> {\n  const v: number = state.n;\n  await null;\n  state.n = v + 1;\n}\n',
      'helper.mjs': 'import { from } from "colliding";\nimport { lib } from "@lib";\nexport const helper = () => `${from} ${lib()}`;\n',
      'app.ts': [
        'import { bump, state } from "@/counter.js";',
        'import { from } from "colliding";',
        'import { helper } from "./helper.mjs";',
        'await Promise.all([bump(), bump()]);',
        'console.log(state.n, from, helper());',
        '',
      ].join('\n'),
    });
    const r = await runIn(root, ['--import', '@/setup', 'app.ts']);
    expect(r.stdout).toBe('setup\n1 alias alias lib\n');
    expect(r.stderr).toMatch(/^Write at Object#1\.n \(created at src\/counter\.ts:1:22\) by async context \d+:\n  bump\(\)\n      src\/counter\.ts:5:3$/m);
    expect(r.stderr).toContain('Lost update: ');
    expect(r.code).toBe(66);
  });

  it('resolves aliases and baseUrl names for require() from TypeScript and JavaScript files', async () => {
    const root = project({
      'package.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["src/*"], "colliding": ["src/colliding.ts"] } } }',
      ...colliding,
      'src/value.ts': 'export const value: number = 7;',
      'lib/plain.js': 'module.exports = { plain: true };',
      'other.cjs': 'module.exports = `${require("colliding").from} ${require("~/value").value + 1}`;',
      'app.ts': [
        'const { value } = require("~/value");',
        'const { plain } = require("lib/plain");',
        'console.log(value, plain, require("colliding").from, require("./other.cjs"));',
        '',
      ].join('\n'),
    });
    const r = await runIn(root, ['app.ts']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('7 true alias alias 8\n');
    expect(r.code).toBe(0);
  });
});

describe('TypeScript decorators in a CommonJS package', () => {
  // A NestJS-style project: no `"type": "module"`, a tsconfig for CommonJS. A decorated file with
  // exports is an ES module like any other file with exports; its async method's race is found at
  // its .ts lines (the file was instrumented).
  const project = (files: Record<string, string>): string => tempProject('racedetect-decorators-test-', { 'package.json': '{ "name": "app" }', ...files });
  const runIn = (root: string, file: string) => run(['--import', registerPath, file], { cwd: root, env: { RACEDETECT_NO_CACHE: '1' } });
  const main = [
    "import { UserService } from './service';",
    'const s = new UserService();',
    'await Promise.all([s.visit(), s.visit()]);',
    'console.log(s.find(1), typeof require);',
    '',
  ].join('\n');
  const expectRaceInService = (r: { stdout: string; stderr: string; code: number | string | null }): void => {
    expect(r.stderr).not.toContain('racedetect: cannot instrument');
    expect(r.stdout).toBe("{ id: 1, name: 'u1' } undefined\n");
    expect(r.stderr).toMatch(/^Write at UserService#1\.visits .* by async context \d+:\n  UserService\.visit\(\)\n      service\.ts:9:5$/m);
    expect(r.code).toBe(66);
  };

  it('imports a class with legacy decorators (experimentalDecorators) by name, parameter decorators included', async () => {
    const root = project({
      'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "experimentalDecorators": true } }',
      'service.ts': [
        'function Injectable(): ClassDecorator { return () => {}; }',
        'function Inject(token: string): ParameterDecorator { return () => {}; }',
        '@Injectable()',
        'export class UserService {',
        '  visits = 0;',
        "  constructor(@Inject('DB') private readonly db?: object) {}",
        '  async visit(): Promise<void> {',
        '    const v = this.visits; await new Promise((r) => setTimeout(r, 2));',
        '    this.visits = v + 1;',
        '  }',
        "  find(id: number) { return { id, name: 'u' + id }; }",
        '}',
        '',
      ].join('\n'),
      'main.ts': main,
    });
    expectRaceInService(await runIn(root, 'main.ts'));
  });

  it('imports a class with standard decorators by name', async () => {
    const root = project({
      'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "target": "ES2022" } }',
      'service.ts': [
        'function injectable<T>(cls: T, _ctx: ClassDecoratorContext): T { return cls; }',
        'function logged(fn: Function, _ctx: ClassMethodDecoratorContext) { return fn; }',
        '@injectable',
        'export class UserService {',
        '  visits = 0;',
        '  @logged',
        '  async visit(): Promise<void> {',
        '    const v = this.visits; await new Promise((r) => setTimeout(r, 2));',
        '    this.visits = v + 1;',
        '  }',
        "  find(id: number) { return { id, name: 'u' + id }; }",
        '}',
        '',
      ].join('\n'),
      'main.ts': main,
    });
    expectRaceInService(await runIn(root, 'main.ts'));
  });

  // Node's cjs-module-lexer reads an imported CommonJS file's export names from its text: from the
  // transpiled, instrumented text where the hooks run on the main thread (Node 22.15+), and from the
  // file on disk where they run off-thread (Node 20), which a .cts file's TypeScript defeats.
  it.runIf(typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function')('gives an ES module the named exports of a CommonJS TypeScript file', async () => {
    const root = project({
      'lib.cts': 'export const x: number = 1;\nexport function twice(n: number): number { return n * 2; }\n',
      'main.mts': "import { x, twice } from './lib.cts';\nconsole.log(x, twice(2));\n",
    });
    const r = await runIn(root, 'main.mts');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 4\n');
  });
});

describe('transform cache', () => {
  const tmp = () => tempDir('racedetect-cache-test-');
  // The transform cache's own entries; on Node 22.1+ V8's compile cache sits beside them, in `v8`.
  const cacheEntries = (cache: string) => fs.readdirSync(cache).filter((e) => e !== 'v8');

  it('creates a private directory and private, checksummed entries, and uses them on the next start', async () => {
    const cache = path.join(tmp(), 'cache');
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache };
    const first = await detect('cached.mjs', env);
    expect(first.stdout).toBe('n 3\n');
    expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
    const entries = cacheEntries(cache);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.endsWith('.map'))).toBe(true);
    for (const e of entries) {
      expect(fs.statSync(path.join(cache, e)).mode & 0o777).toBe(0o600);
      if (e.endsWith('.map')) {
        // A source map is a side entry Node reads itself: plain JSON, its checksum kept in the code entry.
        const bytes = fs.readFileSync(path.join(cache, e));
        expect(JSON.parse(bytes.toString('utf8')).mappings).toBeTypeOf('string');
        const code = fs.readFileSync(path.join(cache, e.replace(/\.map$/, '.js')), 'utf8');
        const mapSum = code.split('\n')[1];
        expect(crypto.createHash('sha1').update(bytes).digest('hex')).toBe(mapSum);
      } else {
        expect(e.endsWith('.js')).toBe(true);
        expect(fs.readFileSync(path.join(cache, e), 'utf8')).toMatch(/^\/\/racedetect:[0-9a-f]{40}\n/);
      }
    }
    const stamp = entries.map((e) => fs.statSync(path.join(cache, e)).mtimeMs);
    const second = await detect('cached.mjs', env);
    expect(second.stdout).toBe('n 3\n');
    // A hit reads the entry and writes nothing.
    expect(entries.map((e) => fs.statSync(path.join(cache, e)).mtimeMs)).toEqual(stamp);
  });

  it('keeps no entry for a file it could not instrument: the warning comes with every run', async () => {
    const cache = path.join(tmp(), 'cache');
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache };
    for (let run = 0; run < 2; run++) {
      const r = await detect('broken.mjs', env);
      expect(r.stderr.match(/racedetect: cannot instrument .*broken\.mjs .*runs uninstrumented/g)).toHaveLength(1);
    }
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('discards a damaged entry instead of running it', async () => {
    const cache = path.join(tmp(), 'cache');
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache };
    await detect('cached.mjs', env);
    for (const e of cacheEntries(cache)) {
      const file = path.join(cache, e);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('state.n++', 'state.n += 100'));
    }
    const r = await detect('cached.mjs', env);
    expect(r.stdout).toBe('n 3\n');
  });

  it('discards a damaged source map together with its code, and the program still runs and maps', async () => {
    const cache = path.join(tmp(), 'cache');
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache };
    await detect('cached.mjs', env);
    const maps = fs.readdirSync(cache).filter((e) => e.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const e of maps) fs.writeFileSync(path.join(cache, e), '{"version":3,"mappings":""}');
    const r = await detect('cached.mjs', env);
    expect(r.stdout).toBe('n 3\n');
    // Both were written again from the source, so the maps are whole again.
    for (const e of fs.readdirSync(cache).filter((x) => x.endsWith('.map'))) {
      expect(JSON.parse(fs.readFileSync(path.join(cache, e), 'utf8')).mappings.length).toBeGreaterThan(0);
    }
  });

  it('refuses a directory that others can write, with one warning, and runs without a cache', async () => {
    const cache = path.join(tmp(), 'cache');
    fs.mkdirSync(cache, { mode: 0o777 });
    fs.chmodSync(cache, 0o777);
    const r = await detect('cached.mjs', { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache });
    expect(r.stdout).toBe('n 3\n');
    expect(r.stderr.match(/racedetect: transform cache .* is writable by others; running without a cache/g)).toHaveLength(1);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  const compileCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  it.runIf(compileCache)('keeps V8 compile cache beside its entries (Node 22.1+), leaving the environment as it was', async () => {
    const cache = path.join(tmp(), 'cache');
    const env = { RACEDETECT_NO_CACHE: undefined, RACEDETECT_CACHE_DIR: cache, NODE_COMPILE_CACHE: undefined };
    const first = await detect('compile-cache.mjs', env);
    expect(first.stdout).toBe('NODE_COMPILE_CACHE unset\n');
    expect(fs.readdirSync(path.join(cache, 'v8'), { recursive: true }).length).toBeGreaterThan(0);
    const second = await detect('compile-cache.mjs', env);
    expect(second.stdout).toBe('NODE_COMPILE_CACHE unset\n');
    // A compile cache the user chose stays theirs.
    const own = path.join(tmp(), 'own');
    const other = path.join(tmp(), 'cache');
    const third = await detect('compile-cache.mjs', { ...env, RACEDETECT_CACHE_DIR: other, NODE_COMPILE_CACHE: own });
    expect(third.stdout).toBe('NODE_COMPILE_CACHE set\n');
    expect(fs.existsSync(path.join(other, 'v8'))).toBe(false);
    expect(fs.readdirSync(own).length).toBeGreaterThan(0);
  });
});
