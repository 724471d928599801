// Transparency: the detector must never change what a program does. Every program in ./programs runs
// twice, plain and under `--import dist/register.mjs`, and both runs must print the same stdout and end
// with the same exit code (and, for a program that dies, the same error line on stderr). Under the
// detector, stderr must carry no warning of its own: these programs are race-free.
//
// TypeScript programs have no detector-free runner on Node 20, so the plain run is esbuild's transpilation
// (same tsconfig.json, inline source map) run with --enable-source-maps, so that stack frames name the
// .ts lines as the detector's do.
//
// Needs a built detector (dist/register.mjs): `node build.mjs`. Run: `npx vitest run test/transparency`.
// TRANSPARENCY_FILTER=substring limits the run to matching program names.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const programsDir = path.join(here, 'programs');
const projectDir = path.resolve(here, '../..');
const registerPath = path.join(projectDir, 'dist/register.mjs');

const PROGRAM = /\.(?:mjs|cjs|js|ts|mts|cts)$/;
const TS = /\.(?:ts|mts|cts)$/;
const RUN_TIMEOUT_MS = 30_000;

const filter = process.env.TRANSPARENCY_FILTER ?? '';
const allPrograms = fs
  .readdirSync(programsDir, { withFileTypes: true })
  .filter((d) => d.isFile() && PROGRAM.test(d.name))
  .map((d) => d.name)
  .sort();
const programs = allPrograms.filter((n) => n.includes(filter));

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** A tiny pool: at most `limit` child processes at once (two cores; the runs wait on I/O part of the time). */
function createPool(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const pool = createPool(Math.max(2, Math.min(4, os.availableParallelism?.() ?? os.cpus().length) + 1));

// No transform cache, and a directory of its own for what is read from one: the code a require hook
// made, which the runtime needs for function text, must come from this run, not from an earlier one.
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-transparency-'));

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RACEDETECT_NO_CACHE: '1', RACEDETECT_CACHE_DIR: cacheDir };
  // Nothing from the test runner may leak into the programs (vitest sets some of these).
  for (const k of ['NODE_OPTIONS', 'FORCE_COLOR', 'RACEDETECT_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) delete env[k];
  return env;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: programsDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal, timedOut });
    });
  });
}

// Transpiled TypeScript programs go to one temporary directory, made on first use: the determinism
// check below runs TypeScript programs plain before any other suite has started, and an unset
// directory wrote them into the working directory, where they stayed.
let tsOut = '';
function tsOutDir(): string {
  if (tsOut === '') tsOut = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-transparency-'));
  return tsOut;
}
afterAll(() => {
  if (tsOut !== '') fs.rmSync(tsOut, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

/** The detector-free way to run a TypeScript program: esbuild's output with an inline source map. */
function transpiled(name: string): string {
  const file = path.join(programsDir, name);
  const tsconfig = path.join(programsDir, 'tsconfig.json');
  const cjs = name.endsWith('.cts');
  const result = transformSync(fs.readFileSync(file, 'utf8'), {
    loader: 'ts',
    format: cjs ? 'cjs' : 'esm',
    target: 'esnext',
    // Lowered as the detector's transpiler does (Node 20 cannot parse `using`).
    supported: { using: false },
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: fs.existsSync(tsconfig) ? fs.readFileSync(tsconfig, 'utf8') : undefined,
    logLevel: 'silent',
  });
  const out = path.join(tsOutDir(), name.replace(TS, cjs ? '.cjs' : '.mjs'));
  fs.writeFileSync(out, result.code);
  return out;
}

function plain(name: string): Promise<Run> {
  if (TS.test(name)) return run(['--enable-source-maps', transpiled(name)]);
  return run([name]);
}

function underDetector(name: string): Promise<Run> {
  return run(['--import', registerPath, name]);
}

/** For a program that dies: the line naming the error (`TypeError: ...`), the one right above its first frame. */
function errorLine(stderr: string): string | null {
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  for (let i = first - 1; i >= 0; i--) if (lines[i].trim()) return lines[i].trim();
  return null;
}

function describeRun(label: string, r: Run): string {
  const tail = r.stderr.trim().split('\n').slice(0, 30).join('\n');
  return `${label}: exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}${r.timedOut ? ' (timed out)' : ''}${tail ? `\n--- ${label} stderr ---\n${tail}` : ''}`;
}

describe('transparency programs follow the conventions', () => {
  it('there are at least 30 programs, each 20-80 lines, mixing ESM, CommonJS and TypeScript', () => {
    expect(allPrograms.length).toBeGreaterThanOrEqual(30);
    const sizes = allPrograms.map((n) => [n, fs.readFileSync(path.join(programsDir, n), 'utf8').trimEnd().split('\n').length] as const);
    expect(sizes.filter(([, lines]) => lines < 20 || lines > 80)).toEqual([]);
    expect(allPrograms.filter((n) => n.endsWith('.cjs')).length).toBeGreaterThanOrEqual(5);
    expect(allPrograms.filter((n) => TS.test(n)).length).toBeGreaterThanOrEqual(3);
  });

  it('every program is deterministic: two plain runs print the same', { timeout: 120_000 }, async () => {
    // A cheap guard against flaky programs, on a sample (the full check would double the suite's time).
    const sample = programs.filter((_, i) => i % 6 === 0);
    const pairs = await Promise.all(sample.map((n) => Promise.all([pool(() => plain(n)), pool(() => plain(n))])));
    const unstable = sample.filter((_, i) => pairs[i][0].stdout !== pairs[i][1].stdout || pairs[i][0].code !== pairs[i][1].code);
    expect(unstable).toEqual([]);
  });
});

/**
 * Known gaps: differences the detector still makes, each for a reason stated here. These run as
 * `it.fails`, so a fix shows up as a failing test that asks to take the program off this list.
 */
const KNOWN_GAPS: Record<string, string> = {
  'callsites.mjs': 'structured CallSite frames (Error.prepareStackTrace) report instrumented columns; V8 applies no source map there',
  'destructuring-spread.mjs': "V8 writes 'not iterable' / 'Cannot destructure' messages from the rewritten source text",
  'error-messages.mjs': "V8 writes 'is not a function' / 'is not iterable' messages from the rewritten source text",
  'optional-chaining.mjs': "V8 writes 'is not a function' messages from the rewritten source text",
  'error-frames.cjs': 'with source maps on, Node formats frames differently (paths for file: URLs, no [as alias]) and a TypeError on a property read is placed one column earlier',
  'error-frames.mjs': 'with source maps on, Node formats frames differently and a TypeError on a property read is placed one column earlier',
  'hashbang.mjs': 'a TypeError on a property read of undefined is placed one column earlier',
  'stack-format.mjs': 'with source maps on, Node formats frames differently (paths for file: URLs, no [as alias])',
  'main-entry.cjs': 'on Node 20 any --import that registers module hooks runs a CommonJS entry through the ES module loader (module.id, module.parent, tick order)',
  'module-exports.cjs': 'on Node 20 any --import that registers module hooks runs a CommonJS entry through the ES module loader',
  'process-globals.mjs': 'instrumented code reaches the runtime through a non-enumerable global, __rd$',
};

describe.concurrent('programs behave the same plain and under the detector', () => {
  beforeAll(() => {
    if (!fs.existsSync(registerPath)) {
      throw new Error(`racedetect is not built: ${registerPath} is missing (run \`node build.mjs\`)`);
    }
  });

  for (const name of programs) {
    const gap = KNOWN_GAPS[name];
    (gap ? it.fails : it)(gap ? `${name} (known gap: ${gap})` : name, { timeout: 120_000 }, async () => {
      const [base, det] = await Promise.all([pool(() => plain(name)), pool(() => underDetector(name))]);
      const context = `${describeRun('plain', base)}\n${describeRun('detector', det)}`;
      expect(base.timedOut, `plain run of ${name} timed out`).toBe(false);
      expect(det.timedOut, `${name} timed out under the detector\n${context}`).toBe(false);
      expect(det.stdout, `stdout differs\n${context}`).toBe(base.stdout);
      expect(det.code, `exit code differs\n${context}`).toBe(base.code);
      if (base.code !== 0) expect(errorLine(det.stderr), `the error on stderr differs\n${context}`).toBe(errorLine(base.stderr));
      expect(det.stderr, 'the detector warned').not.toMatch(/racedetect:/);
      expect(det.stderr, 'internal error').not.toMatch(/internal error/);
      expect(det.stderr, 'a race was reported in a race-free program').not.toMatch(/WARNING: DATA RACE/);
    });
  }
});

describe('code the detector leaves alone', () => {
  // Not a program in ./programs: the fixture needs a node_modules folder, which git ignores. A package
  // shipped as compiled JavaScript with a source map keeps the stack frames it has without the detector.
  // Known gap: the detector turns source maps on for the whole process, so a package's own inline map
  // is applied to its frames too (as with --enable-source-maps).
  it.fails('a source-mapped package in node_modules keeps its own stack frames (known gap: source maps are on process-wide)', { timeout: 120_000 }, async () => {
    if (!fs.existsSync(registerPath)) throw new Error(`racedetect is not built: ${registerPath} is missing`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-transparency-pkg-'));
    try {
      const pkg = path.join(dir, 'node_modules', 'compiled-pkg');
      fs.mkdirSync(pkg, { recursive: true });
      const source = 'export function fail(n: number): never {\n  throw new RangeError(`bad ${n}`);\n}\n';
      const js = transformSync(source, { loader: 'ts', format: 'cjs', sourcemap: 'inline', sourcefile: 'src/index.ts' }).code;
      fs.writeFileSync(path.join(pkg, 'index.js'), js);
      fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"compiled-pkg","main":"index.js"}');
      const main = path.join(dir, 'main.cjs');
      fs.writeFileSync(main, "const { fail } = require('compiled-pkg');\ntry { fail(1); } catch (e) { console.log(e.stack.split('\\n').slice(0, 2).join(' | ').split(__dirname).join('<dir>')); }\n");
      const runIn = (args: string[]): Promise<Run> =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, args, { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.on('error', reject);
          child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal, timedOut: false }));
        });
      const [base, det] = await Promise.all([pool(() => runIn([main])), pool(() => runIn(['--import', registerPath, main]))]);
      expect(base.stdout).toContain('node_modules/compiled-pkg/index.js');
      expect(det.stdout, describeRun('detector', det)).toBe(base.stdout);
      expect(det.code).toBe(base.code);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
