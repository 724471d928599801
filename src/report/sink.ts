// Where races go: deduplicated by pair of sites (and test, under a test runner), filtered by suppressions, printed to stderr or a
// log file, counted for the exit summary and kept for `races()` and the test-runner integrations.
//
// Three ways out, by who runs the process:
// - alone: each report is printed when found; at exit the summary, and the exit code becomes `exitcode`.
// - under a test runner (src/integrations/): reports wait to be claimed by the test during which they
//   were found, which fails with them; whatever no test claims is printed at exit.
// - under the `racedetect` CLI (RACEDETECT_RUN_DIR): every report also goes to the run directory, one
//   JSON line each, and the CLI prints each distinct report once for all processes. The process keeps
//   its own exit code (a parent that checks it sees what it would see without the detector); the CLI
//   turns a successful run with races into `exitcode`.

import fs from 'node:fs';
import { current } from '../runtime/context.js';
import type { Access, Cell } from '../runtime/shadow.js';
import { type RaceKind, type RaceReport, buildReport } from './build.js';
import { formatJson, formatSummary, formatText } from './print.js';
import type { Suppressions } from './suppressions.js';
import { type Timeline, timelineOf } from './timeline.js';
import { writeHtmlReport } from './html.js';
import { SafeMap, SafeSet } from '../runtime/primordials.js';

export type { RaceKind };

export interface SinkConfig {
  format: 'text' | 'json';
  logPath: string;
  haltOnError: boolean;
  exitcode: number;
  redact: boolean;
  suppressions: Suppressions | null;
  /** html=FILE: a picture of each race, written at exit (or by the CLI under it). */
  html?: string;
}

const config: SinkConfig = { format: 'text', logPath: '', haltOnError: false, exitcode: 66, redact: false, suppressions: null };
const reports: RaceReport[] = [];
/** html=FILE: each report's timeline, taken when it was found. */
const timelines = new SafeMap<RaceReport, Timeline | null>();
/** Reports a test runner integration has shown as a test's failure. */
const claimed = new SafeSet<RaceReport>();
const seen = new SafeSet<string>();
/** A test runner shows reports (see claimReports); only unclaimed ones are printed, at exit. */
let deferred = false;
/** Whether the exit code becomes `exitcode` at exit (not in a test runner's worker). */
let ownsExitCode = true;
const runDir = process.env.RACEDETECT_RUN_DIR || '';
let fd = 2;
let reporting = false;
const listeners: ((r: RaceReport) => void)[] = [];

export function configureSink(c: SinkConfig): void {
  Object.assign(config, c);
  // Configured again (tests do): the earlier log file is closed, and no log path means stderr.
  if (fd !== 2) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fd = 2;
  }
  if (c.logPath) {
    // Report files are created private to the user: reports carry keys and values of the program's data.
    fd = fs.openSync(`${c.logPath}.${process.pid}`, 'a', 0o600);
  }
}

/**
 * Test-runner mode: reports are not printed when found but claimed by tests (claimReports); at exit,
 * those no test claimed are printed. `exitCode`: whether races still change the exit code (a worker
 * process of a test runner must exit as the runner expects; its tests fail instead).
 */
export function deferReports(exitCode: boolean): void {
  deferred = true;
  ownsExitCode = exitCode;
}

// Which test a report belongs to. Every test start opens a generation, and a report belongs to the
// generation its race was found in: a timing-dependent read is decided only once its writer has
// finished, which may be during a later test, and that test did not run the read.
let generation = 0;
const foundIn = new SafeMap<RaceReport, number>();

/**
 * The access order (Access.seq) at each generation's start, by generation: which test a recorded
 * access was made in. One number per test.
 */
const generationStarts: number[] = [0];

/** A test starts, as the access numbered `seq` was the last one made: the generation its reports will carry, a mark for claimReports. */
export function nextGeneration(seq: number): number {
  generationStarts[++generation] = seq;
  return generation;
}

/** The generation the access numbered `seq` was made in. */
export function generationOf(seq: number): number {
  let lo = 0;
  let hi = generation;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (generationStarts[mid] < seq) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The generation running now (what a race found now, or a candidate kept now, belongs to). */
export function currentGeneration(): number {
  return generation;
}

/** The reports found in generation `mark` or later that no test has claimed yet, now claimed. */
export function claimReports(mark: number): RaceReport[] {
  const out: RaceReport[] = [];
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i];
    if (claimed.has(r) || (foundIn.get(r) ?? 0) < mark) continue;
    claimed.add(r);
    out.push(r);
  }
  return out;
}

function formatReport(r: RaceReport): string {
  return config.format === 'json' ? formatJson(r) : formatText(r);
}

export function onReport(fn: (r: RaceReport) => void): void {
  listeners.push(fn);
}

export function allReports(): readonly RaceReport[] {
  return reports;
}

/** html=FILE: the timeline taken when `r` was found (null: the trace had nothing; undefined: html is off). */
export function reportTimeline(r: RaceReport): Timeline | null | undefined {
  return timelines.get(r);
}

function write(text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch {
    /* a closed stderr must not take the program down */
  }
}

export function raceFound(kind: RaceKind, cell: Cell, cur: Access, prev: Access, window: Access | null, stack: Error, found = generation): void {
  // The earlier access made during a test that has ended since: a flow outlived that test (a handler
  // resuming after its test timed it out), and the race is that test's, which fails the file, not the
  // test running now (claimReports).
  const prevFound = generationOf(prev.seq);
  if (prevFound < found) found = prevFound;
  const a = cur.site;
  const b = prev.site;
  const pair = a < b ? `${a}:${b}` : `${b}:${a}`;
  // Under a test runner, once per test: a test whose race an earlier test already showed must fail
  // too, as it does when it runs alone.
  const key = deferred ? `${pair}@${found}` : pair;
  if (seen.has(key) || reporting) return;
  seen.add(key);
  reporting = true; // building a report runs code (stack formatting) that must not report in turn
  try {
    // The timeline first: building the report (formatting stacks) takes time the picture should not show.
    const timeline = config.html ? timelineOf(kind, cur, prev, window, current) : null;
    const r = buildReport(kind, cell, cur, prev, window, stack, current, config.redact);
    if (config.suppressions?.matches(r)) return;
    reports.push(r);
    foundIn.set(r, found);
    if (config.html) timelines.set(r, timeline);
    // A log file gets every report at once; stderr only when nothing else will show it.
    if (runDir) toRunDir(r);
    if (fd !== 2 || (!runDir && (!deferred || config.haltOnError))) write(formatReport(r));
    if (deferred && config.haltOnError) claimed.add(r);
    for (const fn of listeners) fn(r);
    if (config.haltOnError) process.exit(config.exitcode);
  } finally {
    reporting = false;
  }
}

/**
 * Under the CLI: the report as one line of the process's file in the run directory. `key` names the
 * race by its kind and the two access sites, so that the CLI prints a race once however many
 * processes (test workers running the same code) found it.
 */
function toRunDir(r: RaceReport): void {
  const top = (a: { stack: { file: string; line: number; column: number }[] }): string => {
    const f = a.stack[0];
    return f ? `${f.file}:${f.line}:${f.column}` : '?';
  };
  const sites = [top(r.current), top(r.previous)].sort();
  const line = JSON.stringify({ key: `${r.kind} ${sites.join(' ')}`, at: Date.now(), text: formatText(r), report: { type: 'race', pid: process.pid, ...r }, timeline: timelines.get(r) });
  try {
    fs.appendFileSync(`${runDir}/${process.pid}.ndjson`, line + '\n', { mode: 0o600 });
  } catch {
    write(formatReport(r));
  }
}

let summarized = false;

/**
 * What the end of the run prints, once: reports no test claimed and the summary line. At exit, or
 * earlier when a terminal signal is about to end the process without an exit.
 */
export function summarize(): void {
  if (summarized || reports.length === 0 || runDir) return;
  summarized = true;
  if (deferred && fd === 2) for (const r of reports) if (!claimed.has(r)) write(formatReport(r));
  if (!ownsExitCode) return;
  if (config.format === 'json') write(JSON.stringify({ type: 'summary', pid: process.pid, races: reports.length }) + '\n');
  else write(formatSummary(reports.length));
}

/**
 * At exit: the summary, and the exit code when the program would have exited 0. Under the CLI, the
 * CLI prints the summary for all processes and sets the exit code.
 */
export function finish(code: number): void {
  if (reports.length === 0 || runDir) return;
  summarize();
  if (ownsExitCode && code === 0) process.exitCode = config.exitcode;
}

/**
 * After the program's own 'exit' listeners: one that set the exit code back to 0 (mocha sets
 * `process.exitCode` to its failure count there) must not turn a racy run into a passing one. A code
 * the program chose that is not 0 stays.
 */
export function keepExitCode(): void {
  if (reports.length === 0 || runDir || !ownsExitCode) return;
  const code = process.exitCode;
  if (code === undefined || code === null || Number(code) === 0) process.exitCode = config.exitcode;
}

const started = Date.now();

/**
 * html=FILE, at exit (or at a terminal signal): the picture of every race this process found. Under
 * the CLI the CLI writes it, from the timelines in the run directory. Without it, processes that share
 * the option (a test runner's workers) each write FILE when they found races, the last one winning;
 * one that found none leaves alone a page written since it started (a worker running beside it), and
 * replaces an older one - which includes a page of a worker that ended before it started: for several
 * processes, use the CLI.
 */
export function writeHtml(): void {
  const file = config.html;
  if (!file || runDir) return;
  if (reports.length === 0) {
    try {
      if (fs.statSync(file).mtimeMs >= started) return;
    } catch {
      /* no file yet */
    }
  }
  try {
    writeHtmlReport(file, reports.map((r) => ({ report: r, timeline: timelines.get(r) ?? null, pid: process.pid })));
  } catch (e) {
    write(`racedetect: cannot write ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}
