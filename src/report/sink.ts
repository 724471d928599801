// Where races go: deduplicated by pair of sites, filtered by suppressions, printed to stderr or a
// log file, counted for the exit summary and kept for `races()` and the test-runner integrations.

import fs from 'node:fs';
import { current } from '../runtime/context.js';
import type { Access, Cell } from '../runtime/shadow.js';
import { type RaceKind, type RaceReport, buildReport } from './build.js';
import { formatJson, formatSummary, formatText } from './print.js';
import type { Suppressions } from './suppressions.js';

export type { RaceKind };

export interface SinkConfig {
  format: 'text' | 'json';
  logPath: string;
  haltOnError: boolean;
  exitcode: number;
  redact: boolean;
  suppressions: Suppressions | null;
}

const config: SinkConfig = { format: 'text', logPath: '', haltOnError: false, exitcode: 66, redact: false, suppressions: null };
const reports: RaceReport[] = [];
const seen = new Set<string>();
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

export function onReport(fn: (r: RaceReport) => void): void {
  listeners.push(fn);
}

export function allReports(): readonly RaceReport[] {
  return reports;
}

function write(text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch {
    /* a closed stderr must not take the program down */
  }
}

export function raceFound(kind: RaceKind, cell: Cell, cur: Access, prev: Access, window: Access | null, stack: Error): void {
  const a = cur.site;
  const b = prev.site;
  const key = a < b ? `${a}:${b}` : `${b}:${a}`;
  if (seen.has(key) || reporting) return;
  seen.add(key);
  reporting = true; // building a report runs code (stack formatting) that must not report in turn
  try {
    const r = buildReport(kind, cell, cur, prev, window, stack, current, config.redact);
    if (config.suppressions?.matches(r)) return;
    reports.push(r);
    write(config.format === 'json' ? formatJson(r) : formatText(r));
    for (const fn of listeners) fn(r);
    if (config.haltOnError) process.exit(config.exitcode);
  } finally {
    reporting = false;
  }
}

/**
 * At exit: the summary line, and the exit code when the program would have exited 0. Under the
 * `racedetect` CLI (RACEDETECT_RUN_DIR set) each process leaves its count in the run directory instead,
 * and the CLI prints one summary for all of them.
 */
export function finish(code: number): void {
  if (reports.length === 0) return;
  const runDir = process.env.RACEDETECT_RUN_DIR;
  if (runDir) {
    try {
      fs.writeFileSync(`${runDir}/${process.pid}.json`, JSON.stringify({ pid: process.pid, races: reports.length }), { mode: 0o600 });
    } catch {
      write(formatSummary(reports.length));
    }
  } else if (config.format === 'json') write(JSON.stringify({ type: 'summary', pid: process.pid, races: reports.length }) + '\n');
  else write(formatSummary(reports.length));
  if (code === 0) process.exitCode = config.exitcode;
}
