#!/usr/bin/env node
// racedetect [options] [--] <command> [args]: runs a command with the detector in every Node process it
// starts (through NODE_OPTIONS, keeping what was there). Each process leaves its reports in a run
// directory (report/sink.ts); the CLI prints each distinct race once, as it arrives, then one summary,
// and exits with the command's own code, or `exitcode` (66) when races were found and the command
// succeeded. Vitest, wherever the command starts it, gets the plugin from the register
// (integrations/vitest-config.ts).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { OptionError, type Options, defaultOptions, int, optionsHelp, parseOptions, setOption } from './options.js';
import { racesInRunDir, writeHtmlReport } from './report/html.js';
import { RunCollector } from './report/collect.js';
import { freshSeed } from './runtime/schedule.js';
import type { RaceReport } from './report/build.js';
import { type Reference, type Steering, SEEDED_RUNS, confirmedLine, difference, lostInRunLine, notConfirmedLine, otherOrder, plan, raceTitle, seededLine, steeringOptions } from './confirm.js';
import { type HoldOutcome, describeHold } from './runtime/guide.js';

const HELP = `Usage: racedetect [options] [--] <command> [args...]

Runs <command> with race detection in every Node.js process it starts, then prints
each race found once and a summary. Exit code: the command's own, or 66 (exitcode)
when the command succeeded but races were found.

Examples:
  racedetect node app.js                 a program
  racedetect -- npm test                 whatever your test script runs, child processes included
  racedetect vitest run                  a Vitest suite (the plugin is added for you)
  racedetect node --test                 node:test files: a racy test fails
  racedetect --format=json -- npm test   one JSON object per race on stderr (NDJSON)
  racedetect --halt_on_error=1 node server.js
  racedetect --html races.html -- npm test   a picture of each race, all processes in one page
  racedetect --explore 50 -- npm test    up to 50 runs under fresh seeds (schedule=random);
                                         stops at the first that fails and prints how to replay it

Options (also accepted in RACEDETECT_OPTIONS as key=value):
${optionsHelp()}

  --html FILE         as --html=FILE: write the picture of every race the command's processes
                      found to FILE when the command ends (one self-contained HTML page)
  --explore N         run the command up to N times, each with schedule=random and a fresh seed;
                      stop at the first run that fails (exit code other than 0 and exitcode, or a
                      signal) and print the seed and the command line that replays that run
  --confirm           after the run, steer further runs so that each race's other order happens
                      (hold one flow at an await until the other access has run) and say whether
                      the command then exits or prints differently, with the line that replays it
`;

interface Parsed {
  options: Options;
  pairs: string[];
  command: string[];
  /** --explore N: run up to N times under fresh seeds (0: one ordinary run). */
  explore: number;
  /** --confirm: steer runs to confirm each race found. */
  confirm: boolean;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Parsed | null {
  const options = defaultOptions();
  const pairs: string[] = [];
  let explore = 0;
  let confirm = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-h' || a === '--help') return null;
    if (!a.startsWith('--')) break;
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (key === 'html') {
      // `--html FILE` or `--html=FILE`. The processes record timelines into the run directory and
      // the CLI writes the one page (report/sink.ts), so they need the option, not the file.
      const file = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (!file || (eq < 0 && file.startsWith('-'))) fail('racedetect: --html needs the file to write, e.g. --html races.html');
      const abs = path.resolve(file);
      if (/\s/.test(abs)) fail(`racedetect: bad value "${file}" for --html; accepted: a file path without whitespace (RACEDETECT_OPTIONS separates options by whitespace)`);
      options.html = abs;
      pairs.push(`html=${abs}`);
      continue;
    }
    if (key === 'explore') {
      // `--explore N` or `--explore=N`
      const raw = eq > 0 ? a.slice(eq + 1) : argv[++i];
      const runs = raw === undefined ? undefined : int(1, 100000)(raw);
      if (runs === undefined) fail(`racedetect: bad value "${raw ?? ''}" for --explore; accepted: an integer 1-100000 (how many runs to try)`);
      explore = runs;
      continue;
    }
    if (key === 'confirm') {
      if (eq > 0) fail(`racedetect: --confirm takes no value`);
      confirm = true;
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : '1';
    try {
      setOption(options, key, value);
    } catch (e) {
      if (e instanceof OptionError) fail(e.message);
      throw e;
    }
    pairs.push(`${key}=${value}`);
  }
  if (explore > 0 && options.seed >= 0) fail('racedetect: --explore picks a fresh seed for every run; give --seed only to replay one run');
  if ((options.hold === '') !== (options.hold_until === '')) {
    fail('racedetect: hold and hold_until go together: hold=FILE:LINE:COLUMN of an await, hold_until=FILE:LINE:COLUMN of an access');
  }
  // What the command's processes get from RACEDETECT_OPTIONS counts too (the CLI passes it on).
  let inherited = defaultOptions();
  try {
    inherited = parseOptions(process.env.RACEDETECT_OPTIONS);
  } catch (e) {
    if (e instanceof OptionError) fail(e.message);
    throw e;
  }
  const scheduled = options.schedule === 'random' || inherited.schedule === 'random';
  if (confirm && (explore > 0 || scheduled || options.hold !== '' || inherited.hold !== '')) {
    fail('racedetect: --confirm steers its own runs; it cannot be combined with --explore, --schedule=random or --hold');
  }
  return { options, pairs, command: argv.slice(i), explore, confirm };
}

/** The user stopped the command (a terminal signal reached the CLI): exploring stops, and no seed is blamed. */
let interrupted = false;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the command printed on stdout, when it was captured. */
  stdout: string;
}

/**
 * What becomes of the command's output: shown as is; shown and kept (stdout, for comparing runs);
 * kept and not shown (steered runs, whose output only matters as a comparison).
 */
type Output = 'inherit' | 'tee' | 'quiet';

/**
 * PATH with the project's `node_modules/.bin` folders (from the working directory up) after what it
 * had: `racedetect vitest run` from a global install finds the project's vitest as `npx vitest`
 * would, and a command on the user's own PATH still comes first.
 */
function withProjectBins(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bins: string[] = [];
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin');
    if (fs.existsSync(bin)) bins.push(bin);
    if (path.dirname(dir) === dir) break;
  }
  if (bins.length === 0) return env;
  // Windows spells it Path; whichever the environment has is the one to extend.
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  return { ...env, [key]: [env[key] ?? '', ...bins].filter((p) => p !== '').join(path.delimiter) };
}

/** Runs the command once with the detector in every Node process it starts; reports go to `collector`. */
function runOnce(command: string[], env: NodeJS.ProcessEnv, collector: RunCollector, output: Output = 'inherit'): Promise<RunResult> {
  return new Promise((resolve) => {
    const poll = setInterval(() => collector.poll(), 250);
    const cmd = command[0] === 'node' ? process.execPath : command[0];
    // Quiet runs (the repeats of --confirm) read no input: the first run had the terminal's or the pipe's.
    const stdio: ('inherit' | 'pipe' | 'ignore')[] = output === 'inherit' ? ['inherit', 'inherit', 'inherit'] : output === 'tee' ? ['inherit', 'pipe', 'inherit'] : ['ignore', 'pipe', 'pipe'];
    // A shell on Windows resolves npm.cmd and friends; elsewhere the command runs as given.
    const child = spawn(cmd, command.slice(1), { stdio, env: withProjectBins(env), shell: process.platform === 'win32' });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (output === 'tee') process.stdout.write(d);
    });
    child.stderr?.resume();
    // The child gets terminal signals itself (same process group); the CLI waits for it to finish.
    const forward = (sig: NodeJS.Signals): void => {
      interrupted = true;
      child.kill(sig);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const sig of signals) process.on(sig, forward);
    child.on('error', (e) => {
      clearInterval(poll);
      process.stderr.write(`racedetect: cannot run ${command[0]}: ${e.message}\n`);
      resolve({ code: 127, signal: null, stdout });
    });
    // The output pipes drain by 'close'; a process the command left running in the background can keep
    // them open, so the run ends at most a second after the command's own exit.
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      clearInterval(poll);
      for (const sig of signals) process.off(sig, forward);
      collector.poll();
      resolve({ code, signal, stdout });
    };
    child.on('close', end);
    child.on('exit', (code, signal) => {
      if (output === 'inherit') end(code, signal);
      else setTimeout(() => end(code, signal), 1000).unref();
    });
  });
}

/** A shell word for `arg`, quoted only when it needs to be. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/**
 * The command line that replays one run: the same command and options, with its seed, or with the
 * steering of a steered run.
 */
function replayLine(pairs: string[], how: number | Steering, command: string[]): string {
  const flags = pairs.filter((p) => !/^(schedule|seed|hold|hold_until|hold_nth)=/.test(p)).map((p) => `--${p}`);
  const replay = typeof how === 'number' ? ['--schedule=random', `--seed=${how}`] : steeringOptions(how).map((o) => `--${o}`);
  return ['racedetect', ...flags, ...replay, '--', ...command].map(shellWord).join(' ');
}

/** Runs the command once more with `extra` options, reports going to `dir` and printed nowhere. */
type RunQuietly = (extra: string[], dir: string, collector: RunCollector) => Promise<RunResult>;

/** The holds the processes of one steered run made (one file each in its run directory). */
function holdsIn(dir: string): HoldOutcome[] {
  const out: HoldOutcome[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.hold.json')) continue;
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as HoldOutcome);
    } catch {
      /* a process that died while writing: no hold from it */
    }
  }
  return out;
}

/**
 * --confirm: after the run that found the races, one more unsteered run (to learn whether exit and
 * output are stable), then for each race up to STEERED_RUNS steered runs (confirm.ts), stopping at
 * the first whose behaviour differs. Returns what to print at the end.
 */
async function confirmRaces(races: RaceReport[], first: RunResult, runQuietly: RunQuietly, replay: (s: Steering | number) => string): Promise<string> {
  if (races.length === 0) return 'racedetect: no races found; nothing to confirm\n';
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-confirm-'));
  const quietRun = async (extra: string[]): Promise<{ run: RunResult; holds: HoldOutcome[]; reports: RaceReport[] }> => {
    const dir = fs.mkdtempSync(path.join(scratch, 'run-'));
    const collector = new RunCollector(dir, 'json', () => undefined);
    const run = await runQuietly(extra, dir, collector);
    const holds = holdsIn(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return { run, holds, reports: collector.reports() as RaceReport[] };
  };
  const lines: string[] = [];
  try {
    if (interrupted) return '';
    const again = (await quietRun([])).run;
    const ref: Reference = {
      run: first,
      outputStable: again.stdout === first.stdout,
      exitStable: again.code === first.code && again.signal === first.signal,
    };
    for (let i = 0; i < races.length && !interrupted; i++) {
      const r = races[i];
      const at = r.current.stack[0];
      lines.push(`racedetect: race ${i + 1} of ${races.length} (${raceTitle(r)}${at ? ` at ${at.file}:${at.line}:${at.column}` : ''}):`);
      let tries = 0;
      let held = 0;
      let verdict: string | null = null;
      const unreached = new Set<string>();
      for (const s of plan(r)) {
        if (interrupted) break;
        // A later arrival at an await no flow reached often enough is not tried.
        if (unreached.has(`${s.at} ${s.until}`)) continue;
        // RACEDETECT_OPTIONS separates options by whitespace: such a location cannot be named there.
        if (/\s/.test(s.at + s.until)) continue;
        tries++;
        const { run, holds } = await quietRun(steeringOptions(s));
        if (holds.every((h) => h.arrivals < s.nth)) unreached.add(`${s.at} ${s.until}`);
        // Only a hold that made an order Node can make is evidence (guide.ts).
        if (!holds.some((h) => h.held && !h.unsound)) continue;
        held++;
        const what = difference(ref, run);
        if (what !== null) {
          verdict = `  ${confirmedLine(s, what, tries)}; replay with:\n    ${replay(s)}`;
          break;
        }
      }
      // Then schedule=random under seeds 1, 2, ...: a run where this race's accesses came the other way
      // round (its report names them swapped) and the command behaved differently confirms it. Fixed
      // seeds: the same command gets the same verdict.
      let seeded = 0;
      let flipped: number | null = null;
      for (; verdict === null && !r.interleaved && seeded < SEEDED_RUNS && !interrupted; seeded++) {
        const seed = seeded + 1;
        const { run, reports } = await quietRun(['schedule=random', `seed=${seed}`]);
        if (!reports.some((o) => otherOrder(r, o))) continue;
        flipped ??= seed;
        const what = difference(ref, run);
        if (what !== null) verdict = `  ${seededLine(r, what, seed, seeded + 1)}; replay with:\n    ${replay(seed)}`;
      }
      if (verdict === null) {
        verdict = `  ${r.interleaved ? lostInRunLine(r, tries, held) : notConfirmedLine(r, tries, held, ref)}`;
        if (seeded > 0) verdict += `; ${seeded} run(s) under schedule=random ${flipped === null ? 'never made the other order' : `made the other order (seed ${flipped}) without changing exit or output`}`;
      }
      lines.push(verdict);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return lines.join('\n') + '\n';
}

/** What a run's exit means under exploration: the command failed, not merely found races. */
function failed(r: RunResult, options: Options): boolean {
  return r.signal !== null || (r.code !== 0 && r.code !== options.exitcode);
}

async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(argv);
  if (parsed === null) {
    process.stdout.write(HELP);
    return;
  }
  const { options, pairs, command, explore, confirm } = parsed;
  if (command.length === 0) {
    process.stderr.write(`racedetect: no command given\n\n${HELP}`);
    process.exit(2);
  }
  const dist = path.dirname(fileURLToPath(import.meta.url));
  const baseEnv = { ...process.env };
  baseEnv.NODE_OPTIONS = [`--import=${JSON.stringify(path.join(dist, 'register.mjs')).slice(1, -1)}`, baseEnv.NODE_OPTIONS ?? ''].join(' ').trim();
  // Reports live here; mode 0700 (mkdtemp), removed at the end. One directory for all runs of an
  // exploration, so that a race is printed once however many runs meet it.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-run-'));
  baseEnv.RACEDETECT_RUN_DIR = runDir;
  const collector = new RunCollector(runDir, options.format, (text) => process.stderr.write(text));
  const envFor = (extra: string[], dir = runDir): NodeJS.ProcessEnv => ({
    ...baseEnv,
    RACEDETECT_RUN_DIR: dir,
    RACEDETECT_OPTIONS: [process.env.RACEDETECT_OPTIONS ?? '', ...pairs, ...extra].join(' ').trim(),
  });

  let result: RunResult;
  let closingNote = '';
  if (explore > 0) {
    let runs = 0;
    let seed = 0;
    do {
      seed = freshSeed();
      runs++;
      result = await runOnce(command, envFor(['schedule=random', `seed=${seed}`]), collector);
    } while (!failed(result, options) && runs < explore && !interrupted);
    if (interrupted) closingNote = `racedetect: exploring stopped by a signal after ${runs} run(s)\n`;
    else if (failed(result, options)) {
      const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
      closingNote = `racedetect: run ${runs} of at most ${explore} failed (${how}) under seed ${seed}; replay it with:\n  ${replayLine(pairs, seed, command)}\n`;
    } else closingNote = `racedetect: ${runs} run(s) under fresh seeds, none failed\n`;
  } else if (options.schedule === 'random') {
    // The CLI picks the seed, so that every process of the command shares it and one line replays them all.
    const seed = options.seed >= 0 ? options.seed : freshSeed();
    result = await runOnce(command, envFor(options.seed >= 0 ? [] : [`seed=${seed}`]), collector);
    closingNote = `racedetect: schedule=random seed=${seed}; replay with:\n  ${replayLine(pairs, seed, command)}\n`;
  } else if (confirm) {
    // Races fail no test in any of these runs: an exit code must say what the program itself did.
    result = await runOnce(command, envFor(['fail_tests=0']), collector, 'tee');
    closingNote = await confirmRaces(collector.reports() as RaceReport[], result, (extra, dir, quiet) => runOnce(command, envFor(['fail_tests=0', ...extra], dir), quiet, 'quiet'), (s) => replayLine(pairs, s, command));
  } else {
    result = await runOnce(command, envFor([]), collector);
    // A steered run (a replay line of --confirm): what each process's hold did.
    if (options.hold !== '') {
      const holds = holdsIn(runDir);
      const steering = { at: options.hold, until: options.hold_until, nth: options.hold_nth };
      // Processes that never reached the await (a test runner's own) say nothing unless none did.
      const reached = holds.filter((h) => h.arrivals > 0);
      const shown = reached.length > 0 ? reached : [{ arrivals: 0, held: false, released: null, passedThrough: false, unsound: false }];
      closingNote = shown.map((h) => `${describeHold(steering, h)}\n`).join('');
    }
  }

  const { races, processes } = collector.totals();
  if (options.html) {
    try {
      writeHtmlReport(options.html, racesInRunDir(runDir, collector.keys()));
    } catch (e) {
      process.stderr.write(`racedetect: cannot write ${options.html}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  if (races > 0) {
    if (options.format === 'json') process.stderr.write(JSON.stringify({ type: 'summary', races, processes }) + '\n');
    else process.stderr.write(`Found ${races} data race(s) in ${processes} process(es)\n`);
  }
  process.stderr.write(closingNote);
  if (result.signal) {
    // Die of the same signal, as a shell expects; this process's own forwarding handlers must not catch it.
    process.removeAllListeners(result.signal);
    process.kill(process.pid, result.signal);
    return;
  }
  process.exit(result.code === 0 && races > 0 ? options.exitcode : (result.code ?? 1));
}

void main(process.argv.slice(2));
