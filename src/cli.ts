#!/usr/bin/env node
// racedetect [options] -- <command> [args]: runs a command with the detector in every Node process it
// starts (through NODE_OPTIONS, keeping what was there) and keeps the command's exit code, or 66 when
// races were found and the command succeeded.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { OptionError, defaultOptions, optionsHelp, setOption } from './options.js';

const HELP = `Usage: racedetect [options] [--] <command> [args...]

Runs <command> with race detection in every Node.js process it starts.
  racedetect node app.js
  racedetect -- npm test
  racedetect --halt_on_error=1 node server.js

Options (also accepted in RACEDETECT_OPTIONS as key=value):
${optionsHelp()}
`;

function main(argv: string[]): void {
  const opts = defaultOptions();
  const pairs: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-h' || a === '--help') {
      process.stdout.write(HELP);
      return;
    }
    if (!a.startsWith('--')) break;
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const value = eq > 0 ? a.slice(eq + 1) : '1';
    try {
      setOption(opts, key, value);
    } catch (e) {
      if (e instanceof OptionError) {
        process.stderr.write(`${e.message}\n`);
        process.exit(2);
      }
      throw e;
    }
    pairs.push(`${key}=${value}`);
  }
  const command = argv.slice(i);
  if (command.length === 0) {
    process.stderr.write(`racedetect: no command given\n\n${HELP}`);
    process.exit(2);
  }
  const register = path.join(path.dirname(fileURLToPath(import.meta.url)), 'register.mjs');
  const env = { ...process.env };
  env.NODE_OPTIONS = [`--import=${JSON.stringify(register).slice(1, -1)}`, env.NODE_OPTIONS ?? ''].join(' ').trim();
  env.RACEDETECT_OPTIONS = [env.RACEDETECT_OPTIONS ?? '', ...pairs].join(' ').trim();
  // Every process leaves its race count here; the CLI prints one summary for all of them.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-run-'));
  env.RACEDETECT_RUN_DIR = runDir;
  const cmd = command[0] === 'node' ? process.execPath : command[0];
  const child = spawn(cmd, command.slice(1), { stdio: 'inherit', env });
  // The child gets terminal signals itself (same process group); the CLI waits for it to finish.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    process.stderr.write(`racedetect: cannot run ${command[0]}: ${e.message}\n`);
    fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    const { races, processes } = collect(runDir);
    if (races > 0) {
      if (opts.format === 'json') process.stderr.write(JSON.stringify({ type: 'summary', races, processes }) + '\n');
      else process.stderr.write(`Found ${races} data race(s)${processes > 1 ? ` in ${processes} process(es)` : ''}\n`);
    }
    if (signal) process.kill(process.pid, signal);
    else process.exit(code === 0 && races > 0 ? opts.exitcode : (code ?? 1));
  });
}

function collect(dir: string): { races: number; processes: number } {
  let races = 0;
  let processes = 0;
  try {
    for (const f of fs.readdirSync(dir)) {
      try {
        const n = Number((JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { races?: number }).races);
        if (n > 0) {
          races += n;
          processes++;
        }
      } catch {
        /* a process that died while writing: its reports are on stderr already */
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { races, processes };
}

main(process.argv.slice(2));
