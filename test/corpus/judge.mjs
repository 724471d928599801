// Judging logic for the project's own race / no-race corpus (test/corpus/cases), shared by
// test/corpus/run.mjs (command line) and test/corpus.test.ts (vitest, one test per case).
//
// It mirrors ../shared/corpus/run.mjs: a case says `// expect: race` or `// expect: none` on its
// first line; lines ending in `// race` hold the racing accesses, and a report must name a marked
// line of the case in at least two of its sections (blank-line separated paragraphs) to count as
// located; `// stdout: …` gives the expected stdout when running the case would not (TypeScript,
// which plain Node 20 cannot run, or output that varies). Verdicts:
//   ok, MISSED, UNLOCATED, FALSE-POSITIVE xN, EXIT <code>, CHANGED-OUTPUT
// plus BROKEN-CASE when the case itself misbehaves without the detector (non-zero exit, or a .ts
// case whose transpiled output differs from its `// stdout:` line): the corpus's fault, not the
// detector's.
//
// Cases run in a scratch directory that holds a copy of the case and a symlink to this
// checkout's node_modules (for async-mutex and async-lock; nothing is installed), with the
// detector loaded straight from this checkout: `node --import <project>/dist/register.mjs case`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const projectDir = path.resolve(here, '..', '..');
export const casesDir = path.join(here, 'cases');
export const registerPath = path.join(projectDir, 'dist', 'register.mjs');
export const defaultTimeoutMs = Number(process.env.CORPUS_TIMEOUT_MS ?? 30000);

const CASE_NAME = /^(race|norace)-(.+)\.(mjs|cjs|ts)$/;

/** Sorted case file names, optionally only those containing `filter`. */
export function listCases(filter = '') {
  return fs
    .readdirSync(casesDir)
    .filter((name) => CASE_NAME.test(name) && name.includes(filter))
    .sort();
}

/** Reads a case and its annotations. */
export function parseCase(name) {
  const file = path.join(casesDir, name);
  const src = fs.readFileSync(file, 'utf8');
  const lines = src.split('\n');
  const marked = new Set(lines.flatMap((l, i) => (/\/\/ race\s*$/.test(l) ? [i + 1] : [])));
  const [, prefix, stem, ext] = CASE_NAME.exec(name) ?? [];
  return {
    name,
    file,
    src,
    lines,
    prefix,
    stem,
    ext,
    expectRace: /^\/\/ expect: race/m.test(src),
    firstLine: lines[0],
    marked,
    wantOut: (src.match(/^\/\/ stdout: (.*)$/m) ?? [])[1],
  };
}

/** Problems with a case's format (empty when it follows the corpus conventions). */
export function formatProblems(name, all = listCases()) {
  const c = parseCase(name);
  const problems = [];
  const want = c.prefix === 'race' ? '// expect: race' : '// expect: none';
  if (c.firstLine.trim() !== want) problems.push(`first line must be \`${want}\``);
  if (!c.lines[1]?.startsWith('//')) problems.push('second line must start the comment that says what the program does');
  if (c.prefix === 'race' && c.marked.size < 2) problems.push('a race case must mark both racing accesses with `// race`');
  if (c.prefix === 'norace' && c.marked.size > 0) problems.push('a race-free case must not mark `// race` lines');
  if (c.ext === 'ts' && c.wantOut === undefined) problems.push('a .ts case needs a `// stdout:` line (plain Node 20 cannot run TypeScript)');
  const twin = `${c.prefix === 'race' ? 'norace' : 'race'}-${c.stem}.`;
  if (!all.some((n) => n.startsWith(twin))) problems.push(`no twin ${twin}{mjs,cjs,ts}`);
  return problems;
}

const madeWorkdirs = new Set();

/** Creates the scratch directory the cases run in (a fresh temporary one unless CORPUS_WORK names one). */
export function prepareWorkdir(dir = process.env.CORPUS_WORK) {
  const work = dir ? path.resolve(dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-own-corpus-'));
  if (!dir) madeWorkdirs.add(work);
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, 'package.json'), '{"name":"racedetect-own-corpus","private":true}\n');
  const link = path.join(work, 'node_modules');
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(path.join(projectDir, 'node_modules'), link, 'dir');
  return work;
}

/** Removes a temporary scratch directory made by prepareWorkdir (the node_modules symlink, not its target). */
export function removeWorkdir(work) {
  if (process.env.CORPUS_KEEP === '1' || !madeWorkdirs.has(work)) return;
  madeWorkdirs.delete(work);
  fs.rmSync(work, { recursive: true, force: true });
}

function childEnv() {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  // Keep the cases hermetic: no detector or options inherited from an outer `racedetect` run.
  delete env.NODE_OPTIONS;
  delete env.RACEDETECT_OPTIONS;
  return env;
}

/** Runs `node ...args file` in `cwd`; resolves to { code, out, err }. */
export function runNode(args, file, cwd, timeoutMs = defaultTimeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, file], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: `spawn error ${e.message}`, out, err });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 'timeout' : code ?? `signal ${signal}`, out, err });
    });
  });
}

/** The body of every `WARNING: DATA RACE` report in `text`. */
export function reports(text) {
  const blocks = [];
  const parts = text.split(/^WARNING: DATA RACE\s*$/m).slice(1);
  for (const part of parts) blocks.push(part.split(/^={10,}\s*$/m)[0]);
  return blocks;
}

/** True when some report names a marked line of the case in at least two of its sections. */
export function located(blocks, name, marked) {
  const esc = name.replace(/[.]/g, '\\.');
  return blocks.some((b) => {
    const sections = b.split(/\n\s*\n/);
    const hits = sections.filter((s) => [...s.matchAll(new RegExp(`${esc}:(\\d+)`, 'g'))].some((m) => marked.has(Number(m[1]))));
    return hits.length >= 2;
  });
}

let esbuild;
function transpileTs(src, name) {
  esbuild ??= createRequire(path.join(projectDir, 'package.json'))('esbuild');
  return esbuild.transformSync(src, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: name }).code;
}

/** Runs a case without the detector (TypeScript through esbuild, since Node 20 cannot strip types). */
export async function runPlain(c, work, timeoutMs) {
  if (c.ext !== 'ts') return runNode([], c.name, work, timeoutMs);
  const plain = `${c.name}.plain.mjs`;
  fs.writeFileSync(path.join(work, plain), transpileTs(c.src, c.name));
  return runNode([], plain, work, timeoutMs);
}

function lastErrorLines(err) {
  return err
    .split('\n')
    .filter((l) => l.trim() && !/^Node\.js v/.test(l) && !/^\s+at /.test(l) && !/^\s*[\^{}]+\s*$/.test(l))
    .slice(-2)
    .join(' | ')
    .slice(0, 200);
}

/**
 * Runs one case plain and under the detector and judges it.
 * Resolves to { name, expectRace, verdict, blocks, located, code, out, err, plain, detail }.
 */
export async function judgeCase(name, { work, register = registerPath, timeoutMs = defaultTimeoutMs } = {}) {
  const c = parseCase(name);
  fs.writeFileSync(path.join(work, name), c.src);

  const plain = await runPlain(c, work, timeoutMs);
  const base = c.wantOut === undefined ? plain : { code: 0, out: c.wantOut + '\n', err: '' };
  const det = await runNode(['--import', register], name, work, timeoutMs);

  const blocks = reports(det.err + det.out);
  const isLocated = located(blocks, name, c.marked);
  const sameOut =
    det.out.replace(/^.*DATA RACE[\s\S]*$/m, '').trim() === base.out.trim() || det.out.trim() === base.out.trim();

  let verdict;
  // A `// stdout:` line on a .mjs/.cjs case may stand for output that varies from run to run, so
  // only a TypeScript case's plain output must equal it.
  if (plain.code !== 0 || (c.ext === 'ts' && plain.out.trim() !== base.out.trim())) {
    verdict = plain.code !== 0 ? `BROKEN-CASE plain exit ${plain.code}` : 'BROKEN-CASE plain stdout differs from `// stdout:`';
  } else if (c.expectRace) {
    verdict = blocks.length === 0 ? 'MISSED' : !isLocated ? 'UNLOCATED' : det.code !== 66 ? `EXIT ${det.code}` : !sameOut ? 'CHANGED-OUTPUT' : 'ok';
  } else {
    verdict = blocks.length > 0 ? `FALSE-POSITIVE x${blocks.length}` : det.code !== 0 ? `EXIT ${det.code}` : !sameOut ? 'CHANGED-OUTPUT' : 'ok';
  }

  let detail = '';
  if (verdict.startsWith('BROKEN-CASE')) detail = lastErrorLines(plain.err);
  else if (verdict !== 'ok' && det.err && blocks.length === 0) detail = lastErrorLines(det.err);
  return { name, expectRace: c.expectRace, verdict, blocks: blocks.length, located: isLocated, code: det.code, out: det.out, err: det.err, plain, detail };
}

/** One line per case, as run.mjs prints it. */
export function formatRow(row) {
  return `${row.verdict === 'ok' ? 'ok  ' : 'FAIL'} ${row.name.padEnd(40)} ${row.verdict}${row.detail ? ' :: ' + row.detail : ''}`;
}

/** Totals over judged rows, and the summary line. */
export function summarize(rows) {
  const pos = rows.filter((r) => r.expectRace);
  const neg = rows.filter((r) => !r.expectRace);
  const tp = pos.filter((r) => r.verdict === 'ok').length;
  const tn = neg.filter((r) => r.verdict === 'ok').length;
  const falsePositives = neg.filter((r) => r.verdict.startsWith('FALSE-POSITIVE')).length;
  const falseNegatives = pos.filter((r) => r.verdict === 'MISSED').length;
  const line = `races found and located ${tp}/${pos.length}, race-free cases clean ${tn}/${neg.length}, false positives ${falsePositives}, false negatives ${falseNegatives}`;
  return { tp, positives: pos.length, tn, negatives: neg.length, falsePositives, falseNegatives, allOk: tp === pos.length && tn === neg.length, line };
}

/** A pool that runs at most `size` of the given async jobs at a time. */
export function createPool(size) {
  let active = 0;
  const waiting = [];
  const next = () => {
    if (active >= size || waiting.length === 0) return;
    active++;
    const { job, resolve, reject } = waiting.shift();
    Promise.resolve()
      .then(job)
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  return (job) =>
    new Promise((resolve, reject) => {
      waiting.push({ job, resolve, reject });
      next();
    });
}
