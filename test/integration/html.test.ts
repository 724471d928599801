// html=FILE and `racedetect --html FILE` end to end: the samples' races drawn into one private,
// self-contained page, the program's own output and the reports unchanged, several processes in one
// page under the CLI. What the page shows in a browser: html-browser.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, jsonLines, normalize, projectDir, registerPath, run, runCli, tempDir } from './helpers.js';

function runSample(sample: string, options: string) {
  return run(['--import', registerPath, path.join('samples', sample)], { cwd: projectDir, env: { RACEDETECT_OPTIONS: options } });
}

function expectSelfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  // No address, no external resource, no script: the arrowheads' url(#...) are the page's own.
  expect(html).not.toMatch(/http|src=|<link|<script|url\((?!#)|@import/i);
}

describe.concurrent('html=FILE', { timeout: 60_000 }, () => {
  it('the websocket sample: its timing-dependent read drawn in a private page; output and report unchanged', async () => {
    const file = path.join(tempDir(), 'races.html');
    const [withHtml, without] = await Promise.all([runSample('ws-handler-test.mjs', `html=${file}`), runSample('ws-handler-test.mjs', '')]);
    expect(withHtml.code).toBe(66);
    expect(withHtml.stdout).toBe(without.stdout);
    expect(normalize(withHtml.stderr)).toBe(normalize(without.stderr));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const html = fs.readFileSync(file, 'utf8');
    expectSelfContained(html);
    expect(html.match(/<section class="race"/g)).toHaveLength(1);
    expect(html).toContain('data-kind="timing"');
    expect(html).toContain('Race 1 of 1: Timing-dependent read on Array#1 (structure: size, keys and order)');
    expect(html.match(/<path class="missing-edge" data-from="previous" data-to="current"/g)).toHaveLength(1);
    expect(html).toMatch(/missing happens-before: async context 2&#39;s write at samples\/ws-handler-test\.mjs:33:5 → async context 1&#39;s read at samples\/ws-handler-test\.mjs:43:14/);
    expect(html).toContain('<g class="access racing" data-role="current" data-op="Read"');
    expect(html).toContain('<g class="access racing" data-role="previous" data-op="Write"');
    expect(html).toContain('<span class="ln">43</span>assert.equal(sender.sent.length, 1); // race</span>');
    expect(html).toContain('<span class="ln">33</span>    this.sent.push(data); // race</span>');
    expect(html).toMatch(/<path class="hb-edge"/);
  });

  it('the dashboard sample with redact=1: a lost update, and no key in the page; JSON reports unchanged', async () => {
    const file = path.join(tempDir(), 'races.html');
    const [withHtml, without] = await Promise.all([
      runSample('dashboard-clients.mjs', `html=${file} redact=1 format=json`),
      runSample('dashboard-clients.mjs', 'redact=1 format=json'),
    ]);
    expect(withHtml.code).toBe(66);
    const strip = (text: string) => jsonLines(text).map(({ pid: _pid, ...rest }) => rest);
    expect(strip(withHtml.stderr)).toEqual(strip(without.stderr));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const html = fs.readFileSync(file, 'utf8');
    expectSelfContained(html);
    expect(html).not.toContain('alice');
    expect(html).toContain('Lost update on Map#1[&lt;redacted&gt;]');
    expect(html.match(/<section class="race"/g)).toHaveLength(1);
    expect(html.match(/<path class="missing-edge"/g)).toHaveLength(1);
    expect(html.match(/<g class="access racing" data-role="(current|previous)" data-op="Write"/g)).toHaveLength(2);
    expect(html).toContain('<g class="access window" data-role="window" data-op="Read"');
  });

  it('a run without races writes a page that says so over an older file, and leaves a newer one alone', async () => {
    const dir = tempDir();
    const stale = path.join(dir, 'stale.html');
    const fresh = path.join(dir, 'fresh.html');
    fs.writeFileSync(stale, 'from an earlier run');
    fs.utimesSync(stale, new Date(2000, 0, 1), new Date(2000, 0, 1));
    // Written after this run started, as by another process of the same run that found races.
    fs.writeFileSync(fresh, 'written by another process');
    const future = new Date(Date.now() + 3_600_000);
    fs.utimesSync(fresh, future, future);
    const [a, b] = await Promise.all([
      run(['--import', registerPath, 'race-free.mjs'], { cwd: fixturesDir, env: { RACEDETECT_OPTIONS: `html=${stale}` } }),
      run(['--import', registerPath, 'race-free.mjs'], { cwd: fixturesDir, env: { RACEDETECT_OPTIONS: `html=${fresh}` } }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stderr + b.stderr).toBe('');
    expect(fs.readFileSync(stale, 'utf8')).toContain('No data races found.');
    expect(fs.statSync(stale).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(fresh, 'utf8')).toBe('written by another process');
  });

  it('racedetect --html FILE: the races of two processes in one page', async () => {
    const file = path.join(tempDir(), 'all.html');
    const r = await runCli(['--html', file, 'node', 'spawn-two.mjs']);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('Found 2 data race(s) in 2 process(es)');
    const html = fs.readFileSync(file, 'utf8');
    expectSelfContained(html);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(html.match(/<section class="race"/g)).toHaveLength(2);
    expect(html).toContain('Race 1 of 2: Lost update on module binding balance');
    expect(html).toContain('Race 2 of 2: Lost update on Wallet#1.balance');
    const pids = [...html.matchAll(/found by process (\d+)/g)].map((m) => m[1]);
    expect(new Set(pids).size).toBe(2);
    expect(html.match(/<path class="missing-edge"/g)).toHaveLength(2);
    // The processes left the page to the CLI: no file of theirs beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['all.html']);
  });

  it('racedetect --html=FILE works the same; --html without a file is a one-line error', async () => {
    const file = path.join(tempDir(), 'one.html');
    const ok = await runCli([`--html=${file}`, 'node', 'lost-update-let.mjs']);
    expect(ok.code).toBe(66);
    expect(fs.readFileSync(file, 'utf8').match(/<section class="race"/g)).toHaveLength(1);
    for (const argv of [['--html'], ['--html', '--', 'node', 'race-free.mjs'], ['--html=', 'node', 'race-free.mjs']]) {
      const bad = await runCli(argv);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe('racedetect: --html needs the file to write, e.g. --html races.html\n');
    }
  });
});
