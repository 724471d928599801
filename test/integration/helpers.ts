// Shared helpers for the integration tests: run a fixture under the detector (or without it) as a real
// child process and hand back what a user would see. Needs a built detector (dist/): `node build.mjs`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir as makeTempDir } from '../temp.js';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = path.join(projectDir, 'test', 'fixtures', 'integration');
export const registerPath = path.join(projectDir, 'dist', 'register.mjs');
export const cliPath = path.join(projectDir, 'dist', 'cli.mjs');

export interface RunResult {
  code: number | null;
  /** The child's process id (log_path names its file PREFIX.PID). */
  pid: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment variables (RACEDETECT_OPTIONS, ...); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Arguments for the program, after the file name. */
  args?: string[];
  /** Working directory; the fixtures directory by default, so report paths are relative to it. */
  cwd?: string;
  timeoutMs?: number;
  /** Sends `signal` to the child once its stdout contains `after` (ordering by output, not by sleeping). */
  signal?: { after: string; signal: NodeJS.Signals };
}

/** The environment every run starts from: no colours, no transform cache, nothing inherited that changes Node. */
function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RACEDETECT_NO_CACHE: '1' };
  for (const k of ['NODE_OPTIONS', 'RACEDETECT_OPTIONS', 'FORCE_COLOR', 'NODE_V8_COVERAGE', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'TEST']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Spawns `process.execPath` with `argv`, collecting output; never rejects (a timeout kills the child). */
export function run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: opts.cwd ?? fixturesDir,
      env: baseEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (opts.signal && !signalled && stdout.includes(opts.signal.after)) {
        signalled = true;
        child.kill(opts.signal.signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, pid: child.pid ?? -1, signal, stdout, stderr });
    });
  });
}

/** Runs a fixture (a path relative to the fixtures directory) with `--import <abs>/dist/register.mjs`. */
export function runDetector(file: string, opts: RunOptions = {}): Promise<RunResult> {
  return run(['--import', registerPath, file, ...(opts.args ?? [])], opts);
}

/** Runs a fixture without the detector (TypeScript fixtures need Node's own type stripping, so .mjs/.cjs only). */
export function runPlain(file: string, opts: RunOptions = {}): Promise<RunResult> {
  return run([file, ...(opts.args ?? [])], opts);
}

/** Runs the racedetect CLI (dist/cli.mjs) with `argv`. */
export function runCli(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run([cliPath, ...argv], opts);
}

/**
 * Replaces only what legitimately varies between runs and machines: process ids in JSON reports and the absolute paths of this checkout. Line numbers, columns and context ids are
 * deterministic for a given fixture and are left alone.
 * (Log file names carry a pid too; the log_path tests compute the name from the child's pid.)
 */
export function normalize(text: string): string {
  let out = text;
  for (const [abs, name] of [
    [fixturesDir, '<fixtures>'],
    [projectDir, '<project>'],
  ] as const) {
    out = out.split(abs + path.sep).join(name + '/').split(abs).join(name);
  }
  return out.replace(/"pid":\d+/g, '"pid":<pid>');
}

/** A fresh private temporary directory for one test, removed when its test file is done. */
export function tempDir(prefix = 'racedetect-it-'): string {
  return makeTempDir(prefix);
}

/** The `==================`-delimited report blocks of a text-format stderr. */
export function reportBlocks(stderr: string): string[] {
  return stderr.match(/==================\nWARNING: DATA RACE\n[\s\S]*?\n==================\n/g) ?? [];
}

/** One JSON object per non-empty line; throws with the offending line when one does not parse. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
}
