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
import { OptionError, type Options, defaultOptions, optionsHelp, setOption } from './options.js';
import { RunCollector } from './report/collect.js';

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

Options (also accepted in RACEDETECT_OPTIONS as key=value):
${optionsHelp()}
`;

interface Parsed {
  options: Options;
  pairs: string[];
  command: string[];
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Parsed | null {
  const options = defaultOptions();
  const pairs: string[] = [];
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
    const value = eq > 0 ? a.slice(eq + 1) : '1';
    try {
      setOption(options, key, value);
    } catch (e) {
      if (e instanceof OptionError) fail(e.message);
      throw e;
    }
    pairs.push(`${key}=${value}`);
  }
  return { options, pairs, command: argv.slice(i) };
}

function main(argv: string[]): void {
  const parsed = parseArgs(argv);
  if (parsed === null) {
    process.stdout.write(HELP);
    return;
  }
  const { options, pairs, command } = parsed;
  if (command.length === 0) {
    process.stderr.write(`racedetect: no command given\n\n${HELP}`);
    process.exit(2);
  }
  const dist = path.dirname(fileURLToPath(import.meta.url));
  const env = { ...process.env };
  env.NODE_OPTIONS = [`--import=${JSON.stringify(path.join(dist, 'register.mjs')).slice(1, -1)}`, env.NODE_OPTIONS ?? ''].join(' ').trim();
  env.RACEDETECT_OPTIONS = [env.RACEDETECT_OPTIONS ?? '', ...pairs].join(' ').trim();
  // Reports live here; mode 0700 (mkdtemp), removed at the end.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-run-'));
  env.RACEDETECT_RUN_DIR = runDir;
  const collector = new RunCollector(runDir, options.format, (text) => process.stderr.write(text));
  const poll = setInterval(() => collector.poll(), 250);
  const cmd = command[0] === 'node' ? process.execPath : command[0];
  // A shell on Windows resolves npm.cmd and friends; elsewhere the command runs as given.
  const child = spawn(cmd, command.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' });
  const done = (): void => {
    clearInterval(poll);
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  // The child gets terminal signals itself (same process group); the CLI waits for it to finish.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    done();
    process.stderr.write(`racedetect: cannot run ${command[0]}: ${e.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    collector.poll();
    const { races, processes } = collector.totals();
    done();
    if (races > 0) {
      if (options.format === 'json') process.stderr.write(JSON.stringify({ type: 'summary', races, processes }) + '\n');
      else process.stderr.write(`Found ${races} data race(s) in ${processes} process(es)\n`);
    }
    if (signal) {
      // Die of the same signal, as a shell expects; this process's own forwarding handlers must not catch it.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === 0 && races > 0 ? options.exitcode : (code ?? 1));
  });
}

main(process.argv.slice(2));
