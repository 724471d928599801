// The `racedetect` command (dist/cli.mjs): help, option flags, running a program, and detection in the
// Node child processes of the command (through NODE_OPTIONS), SPEC §5.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { normalize, reportBlocks, runCli, runDetector, tempDir } from './helpers.js';

describe.concurrent('racedetect CLI', { timeout: 60_000 }, () => {
  it('--help prints usage and every option, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: racedetect /);
    for (const key of ['exitcode', 'halt_on_error', 'log_path', 'strip_path_prefix', 'history_size', 'format', 'strict', 'suppressions', 'include', 'exclude']) {
      expect(r.stdout).toContain(`  ${key}=`);
    }
  });

  it('`racedetect node fixture.mjs` gives the same report and exit code as --import', async () => {
    const [viaCli, viaImport] = await Promise.all([runCli(['node', 'lost-update-let.mjs']), runDetector('lost-update-let.mjs')]);
    expect(viaCli.code).toBe(66);
    expect(viaCli.stdout).toBe('balance: 20\n');
    expect(reportBlocks(viaCli.stderr)).toHaveLength(1);
    expect(normalize(reportBlocks(viaCli.stderr)[0])).toBe(normalize(reportBlocks(viaImport.stderr)[0]));
    // The CLI's summary counts processes; the program alone prints its own.
    expect(viaCli.stderr.endsWith('==================\nFound 1 data race(s) in 1 process(es)\n')).toBe(true);
    expect(viaImport.stderr.endsWith('==================\nFound 1 data race(s)\n')).toBe(true);
  });

  it('`racedetect -- node fixture.mjs` works the same', async () => {
    const r = await runCli(['--', 'node', 'lost-update-field.mjs']);
    expect(r.code).toBe(66);
    expect(reportBlocks(r.stderr)).toHaveLength(1);
  });

  it('flags are options: --exitcode=70 --format=json', async () => {
    const r = await runCli(['--exitcode=70', '--format=json', 'node', 'lost-update-let.mjs']);
    expect(r.code).toBe(70);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['race', 'summary']);
  });

  it('a race-free program keeps exit 0 and its output', async () => {
    const r = await runCli(['node', 'race-free.mjs']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('total=6 keys=k1,k2,k3 limit=3 flushes=flushed,skipped\n');
  });

  it("keeps the command's own non-zero exit code", async () => {
    const r = await runCli(['node', 'exit-three.mjs']);
    expect(r.code).toBe(3);
  });

  it("finds a command in the project's node_modules/.bin, as npx would (a global install's `racedetect vitest`)", async () => {
    const project = tempDir();
    const bin = path.join(project, 'node_modules', '.bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'project-tool'), '#!/bin/sh\necho project-tool ran "$@"\n', { mode: 0o755 });
    fs.mkdirSync(path.join(project, 'src'));
    const r = await runCli(['project-tool', 'a', 'b'], { cwd: path.join(project, 'src') });
    expect(r.stdout).toBe('project-tool ran a b\n');
    expect(r.code).toBe(0);
  });

  it('--bogus=1: a one-line error naming the option, exit 2, the command never runs', async () => {
    const r = await runCli(['--bogus=1', 'node', 'lost-update-let.mjs']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"bogus"');
  });

  it('--halt_on_error=maybe: a one-line error naming the key and accepted values, exit 2', async () => {
    const r = await runCli(['--halt_on_error=maybe', 'node', 'lost-update-let.mjs']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('halt_on_error');
    expect(r.stderr).toContain('0 or 1');
  });

  it('no command: usage on stderr, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: racedetect');
  });

  it("a child process's race is reported (NODE_OPTIONS propagates to spawnSync(process.execPath, [child]))", async () => {
    const r = await runCli(['node', 'spawn-parent.mjs']);
    // Under the CLI a process keeps its own exit code (its parent sees what it would see without the
    // detector); the CLI's exit code carries the races.
    expect(r.stdout).toBe('child visits: 1\nchild 1 exited with 0\n');
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at module binding visits .*:\n  visit\(\)\n      spawn-child\.mjs:7:3\n/m);
    expect(blocks[0]).toMatch(/^Previous read at module binding visits .*:\n  visit\(\)\n      spawn-child\.mjs:5:16\n/m);
  });

  it('exits 66 when a child process found races and the command itself exited 0', async () => {
    // SPEC §5 and cli.ts's own header: the CLI "keeps the command's exit code, or 66 when races were found
    // and the command succeeded" -- races found in any Node process it started, not only the top one.
    const r = await runCli(['node', 'spawn-parent.mjs']);
    expect(r.stdout).toContain('child 1 exited with 0\n');
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.code).toBe(66);
  });

  it('prints one summary of all processes\' reports, each race once', async () => {
    // SPEC §5: "prints one summary of all processes' reports". Two children run the same racy code:
    // the same race (same kind, same two sites) is printed once, and both processes are counted.
    const r = await runCli(['node', 'spawn-parent.mjs', '2']);
    expect(r.stdout).toContain('child 2 exited with 0\n');
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.stderr.match(/^Found \d+ data race\(s\).*$/gm)).toEqual(['Found 1 data race(s) in 2 process(es)']);
    expect(r.code).toBe(66);
  });
});
