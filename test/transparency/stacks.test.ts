// Stacks of errors thrown through the detector's module wrappers and hooks (Module.prototype._compile,
// Module._load, the path-alias resolver, module.registerHooks' hooks) are the stacks plain Node makes:
// the program's frames all there, none of racedetect's, as many frames as Error.stackTraceLimit lets
// Node keep, and the same names. V8 keeps only that many frames, and the detector's used to take the
// places of the program's own at the bottom (under module.registerHooks none of the program's was left).
//
// Each program in ./stacks prints stacks as `--- label` blocks, and runs plain and under
// `--import dist/register.mjs`. The plain run has an --import too, one that does nothing (noop.mjs):
// under any --import Node 20 runs a CommonJS entry through the ES module loader, which puts other
// frames of Node's below the program's.
//
// Frames in the programs' files must be the same, text for text. Node's own frames must have the same
// names; their lines may differ, as with a module hook registered Node takes other branches of the same
// functions. Needs a built detector: `node build.mjs`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'stacks');
const projectDir = path.resolve(here, '../..');
const registerPath = path.join(projectDir, 'dist/register.mjs');
const distDir = path.dirname(registerPath);

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-stacks-'));
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

beforeAll(() => {
  if (!fs.existsSync(registerPath)) throw new Error(`racedetect is not built: ${registerPath} is missing (run \`node build.mjs\`)`);
});

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function run(importPath: string, program: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RACEDETECT_NO_CACHE: '1', RACEDETECT_CACHE_DIR: cacheDir };
  for (const k of ['NODE_OPTIONS', 'FORCE_COLOR', 'RACEDETECT_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', importPath, program], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

function both(program: string): Promise<[Run, Run]> {
  return Promise.all([run(path.join(dir, 'noop.mjs'), program), run(registerPath, program)]);
}

/** The `--- label` blocks a program printed. */
function blocks(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of stdout.split(/^--- /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl), part.slice(nl + 1).trimEnd());
  }
  return out;
}

const FRAME = /^ {4}at (?:(.*) \((.*)\)|(.*))$/;

interface Frame {
  text: string;
  name: string;
  where: string;
}

function split(stack: string): { text: string[]; frames: Frame[] } {
  const text: string[] = [];
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m) frames.push({ text: line, name: m[1] ?? '', where: m[2] ?? m[3] });
    else text.push(line);
  }
  return { text, frames };
}

const isNodes = (f: Frame): boolean => f.where.startsWith('node:');

/** The detector's stack against plain Node's, as the header of this file says. */
function expectSameStack(plain: string | undefined, det: string | undefined, what: string): void {
  expect(plain, `${what}: no plain stack`).toBeDefined();
  expect(det, `${what}: no stack under the detector`).toBeDefined();
  const context = `${what}\n--- plain\n${plain}\n--- detector\n${det}`;
  const p = split(plain!);
  const d = split(det!);
  expect(d.frames.filter((f) => f.where.includes(distDir)).map((f) => f.text), `racedetect's frames: ${context}`).toEqual([]);
  expect(d.text, `the lines that are no frames: ${context}`).toEqual(p.text);
  expect(d.frames.length, `the number of frames: ${context}`).toBe(p.frames.length);
  expect(d.frames.map((f) => (isNodes(f) ? f.name : f.text)), context).toEqual(p.frames.map((f) => (isNodes(f) ? f.name : f.text)));
}

describe('stacks of errors thrown through the detector are those plain Node makes', () => {
  it('a module not found, two calls below the require', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('require-missing.cjs');
    expectSameStack(blocks(plain.stdout).get('require-missing'), blocks(det.stdout).get('require-missing'), 'require-missing.cjs');
    // The frames that were lost: the program's, below Node's loader.
    expect(blocks(det.stdout).get('require-missing')).toMatch(/at outer \(.*require-missing\.cjs:3:/);
  });

  it('a required module throwing at its top level', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('throws-on-load.cjs');
    expectSameStack(blocks(plain.stdout).get('throws-on-load'), blocks(det.stdout).get('throws-on-load'), 'throws-on-load.cjs');
    expect(blocks(det.stdout).get('throws-on-load')).toMatch(/at load \(.*throws-on-load\.cjs:2:/);
  });

  it('a limit the program sets itself, and errors a loading module makes and does not throw', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('small-limit.cjs');
    const p = blocks(plain.stdout);
    const d = blocks(det.stdout);
    for (const label of ['small-limit', 'caught-at-top', 'made-at-top']) expectSameStack(p.get(label), d.get(label), `small-limit.cjs ${label}`);
  });

  it('an error deeper than the limit made at the top level of the entry and of a required module', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('deep-at-top.cjs');
    const p = blocks(plain.stdout);
    const d = blocks(det.stdout);
    for (const label of ['deep-at-top', 'deep-in-required']) {
      expectSameStack(p.get(label), d.get(label), `deep-at-top.cjs ${label}`);
      expect(split(d.get(label) ?? '').frames.length, label).toBe(10);
    }
  });

  it("frames of the program's own code are written as V8 writes them, at the positions of its source", { timeout: 120_000 }, async () => {
    for (const [program, labels] of [
      ['frame-format.mjs', ['getter', 'static', 'constructor', 'async', 'top-level']],
      ['frame-format.cjs', ['method', 'top-level']],
    ] as const) {
      const [plain, det] = await both(program);
      const p = blocks(plain.stdout);
      const d = blocks(det.stdout);
      for (const label of labels) {
        expectSameStack(p.get(label), d.get(label), `${program} ${label}`);
        expect(d.get(label), `${program} ${label}`).toContain(program.endsWith('.mjs') ? 'file:///' : `${dir}/`);
      }
    }
  });

  it('a name not found while the path-alias resolver is installed', { timeout: 120_000 }, async () => {
    const [plain, det] = await both(path.join('aliases', 'main.cjs'));
    expect(det.stdout).toContain('found through an alias');
    expectSameStack(blocks(plain.stdout).get('alias-missing'), blocks(det.stdout).get('alias-missing'), 'aliases/main.cjs');
  });

  it('uncaught, from a callback: the same line reported above the same stack', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('uncaught-in-tick.cjs');
    expect(det.code).toBe(plain.code);
    expect(plain.code).not.toBe(0);
    // What Node reports before the error's own properties: where it was thrown, then the stack.
    const report = (r: Run): string => r.stderr.split(' {\n')[0];
    expectSameStack(report(plain), report(det), 'uncaught-in-tick.cjs');
  });

  it('an error made inside AsyncResource#runInAsyncScope and AsyncResource.bind (every node:test body runs there)', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('run-in-async-scope.cjs');
    const p = blocks(plain.stdout);
    const d = blocks(det.stdout);
    for (const label of ['run-in-async-scope', 'bound']) expectSameStack(p.get(label), d.get(label), `run-in-async-scope.cjs ${label}`);
  });

  it('an import of a module that is not there', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('import-missing.mjs');
    const p = split(blocks(plain.stdout).get('import-missing') ?? '');
    const d = split(blocks(det.stdout).get('import-missing') ?? '');
    // Node resolves imports elsewhere once module hooks are registered (on Node 20, on the hooks
    // thread): its frames differ. The detector's are not among them.
    expect(d.text).toEqual(p.text);
    expect(d.frames.length).toBeGreaterThan(0);
    expect(d.frames.filter((f) => f.where.includes(distDir)).map((f) => f.text)).toEqual([]);
  });

  // Known gap: while a CommonJS module loads, the calls through the detector's wrappers raise the
  // limit by the frames they add (loader/own-frames.ts), so that stacks recorded meanwhile keep the
  // program's frames; code running then reads the raised number.
  it.fails('a CommonJS module reads the limit as plain Node has it (known gap: raised while it loads)', { timeout: 120_000 }, async () => {
    const [plain, det] = await both('reads-limit.cjs');
    expect(plain.stdout).toBe('main 10\nrequired 10\n');
    expect(det.stdout).toBe(plain.stdout);
  });
});
