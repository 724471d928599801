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
import { OptionError, type Options, defaultOptions, int, optionsHelp, setOption } from './options.js';
import { racesInRunDir, writeHtmlReport } from './report/html.js';
import { RunCollector } from './report/collect.js';
import { freshSeed } from './runtime/schedule.js';

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
`;

interface Parsed {
  options: Options;
  pairs: string[];
  command: string[];
  /** --explore N: run up to N times under fresh seeds (0: one ordinary run). */
  explore: number;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Parsed | null {
  const options = defaultOptions();
  const pairs: string[] = [];
  let explore = 0;
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
  return { options, pairs, command: argv.slice(i), explore };
}

/** The user stopped the command (a terminal signal reached the CLI): exploring stops, and no seed is blamed. */
let interrupted = false;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the command once with the detector in every Node process it starts; reports go to `collector`. */
function runOnce(command: string[], env: NodeJS.ProcessEnv, collector: RunCollector): Promise<RunResult> {
  return new Promise((resolve) => {
    const poll = setInterval(() => collector.poll(), 250);
    const cmd = command[0] === 'node' ? process.execPath : command[0];
    // A shell on Windows resolves npm.cmd and friends; elsewhere the command runs as given.
    const child = spawn(cmd, command.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' });
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
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      for (const sig of signals) process.off(sig, forward);
      collector.poll();
      resolve({ code, signal });
    });
  });
}

/** A shell word for `arg`, quoted only when it needs to be. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The command line that replays one run: the same command and options, with its seed. */
function replayLine(pairs: string[], seed: number, command: string[]): string {
  const flags = pairs.filter((p) => !p.startsWith('schedule=') && !p.startsWith('seed=')).map((p) => `--${p}`);
  return ['racedetect', ...flags, '--schedule=random', `--seed=${seed}`, '--', ...command].map(shellWord).join(' ');
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
  const { options, pairs, command, explore } = parsed;
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
  const envFor = (extra: string[]): NodeJS.ProcessEnv => ({ ...baseEnv, RACEDETECT_OPTIONS: [process.env.RACEDETECT_OPTIONS ?? '', ...pairs, ...extra].join(' ').trim() });

  let result: RunResult;
  let seedNote = '';
  if (explore > 0) {
    let runs = 0;
    let seed = 0;
    do {
      seed = freshSeed();
      runs++;
      result = await runOnce(command, envFor(['schedule=random', `seed=${seed}`]), collector);
    } while (!failed(result, options) && runs < explore && !interrupted);
    if (interrupted) seedNote = `racedetect: exploring stopped by a signal after ${runs} run(s)\n`;
    else if (failed(result, options)) {
      const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
      seedNote = `racedetect: run ${runs} of at most ${explore} failed (${how}) under seed ${seed}; replay it with:\n  ${replayLine(pairs, seed, command)}\n`;
    } else seedNote = `racedetect: ${runs} run(s) under fresh seeds, none failed\n`;
  } else if (options.schedule === 'random') {
    // The CLI picks the seed, so that every process of the command shares it and one line replays them all.
    const seed = options.seed >= 0 ? options.seed : freshSeed();
    result = await runOnce(command, envFor(options.seed >= 0 ? [] : [`seed=${seed}`]), collector);
    seedNote = `racedetect: schedule=random seed=${seed}; replay with:\n  ${replayLine(pairs, seed, command)}\n`;
  } else result = await runOnce(command, envFor([]), collector);

  const { races, processes } = collector.totals();
  if (options.html) {
    try {
      writeHtmlReport(options.html, racesInRunDir(runDir));
    } catch (e) {
      process.stderr.write(`racedetect: cannot write ${options.html}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  if (races > 0) {
    if (options.format === 'json') process.stderr.write(JSON.stringify({ type: 'summary', races, processes }) + '\n');
    else process.stderr.write(`Found ${races} data race(s) in ${processes} process(es)\n`);
  }
  process.stderr.write(seedNote);
  if (result.signal) {
    // Die of the same signal, as a shell expects; this process's own forwarding handlers must not catch it.
    process.removeAllListeners(result.signal);
    process.kill(process.pid, result.signal);
    return;
  }
  process.exit(result.code === 0 && races > 0 ? options.exitcode : (result.code ?? 1));
}

void main(process.argv.slice(2));
