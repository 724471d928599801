// The options of SPEC §3 and the exit-code rules of SPEC §2, each pinned by its effect on a real run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, jsonLines, projectDir, reportBlocks, runDetector, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A one-line error: exactly one line of text on stderr, ending in a newline. */
function expectOneLine(stderr: string): string {
  expect(stderr.endsWith('\n')).toBe(true);
  const lines = stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe.concurrent('exit codes', { timeout: 60_000 }, () => {
  it('66 when races were found and the program would have exited 0', async () => {
    const r = await runDetector('lost-update-let.mjs');
    expect(r.code).toBe(66);
  });

  it("a program's own non-zero exit code wins over 66", async () => {
    const r = await runDetector('exit-three.mjs');
    expect(r.stdout).toBe('count: 1\n');
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('Found 1 data race(s)\n');
    expect(r.code).toBe(3);
  });

  it('exitcode=70 replaces 66', async () => {
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: 'exitcode=70' } });
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.code).toBe(70);
  });

  it('exitcode does not touch a race-free run', async () => {
    const r = await runDetector('race-free.mjs', { env: { RACEDETECT_OPTIONS: 'exitcode=70' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe.concurrent('halt_on_error', { timeout: 60_000 }, () => {
  it('without it, both distinct races of two-races.mjs are reported and the program runs to its end', async () => {
    const r = await runDetector('two-races.mjs');
    expect(r.stdout).toBe('first done\nsecond done\n');
    expect(reportBlocks(r.stderr)).toHaveLength(2);
    expect(r.stderr).toContain('Found 2 data race(s)\n');
    expect(r.code).toBe(66);
  });

  it('halt_on_error=1 stops the program at the first report, with the exitcode', async () => {
    const r = await runDetector('two-races.mjs', { env: { RACEDETECT_OPTIONS: 'halt_on_error=1' } });
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('module binding first');
    expect(r.stdout).toBe(''); // 'first done' comes after the first race
    expect(r.stderr).not.toContain('module binding second');
    expect(r.stderr).toContain('Found 1 data race(s)\n');
    expect(r.code).toBe(66);
  });

  it('halt_on_error=1 with exitcode=70 halts with 70', async () => {
    const r = await runDetector('two-races.mjs', { env: { RACEDETECT_OPTIONS: 'halt_on_error=1 exitcode=70' } });
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.code).toBe(70);
  });
});

describe.concurrent('format=json', { timeout: 60_000 }, () => {
  it('one parseable JSON object per line: each report, then a summary', async () => {
    const r = await runDetector('lost-update-field.mjs', { env: { RACEDETECT_OPTIONS: 'format=json' } });
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('wallet: 7\n');
    expect(r.stderr).not.toContain('WARNING: DATA RACE');
    const objects = jsonLines(r.stderr);
    expect(objects).toHaveLength(2);
    const [race, summary] = objects;
    expect(race).toMatchObject({
      type: 'race',
      pid: r.pid,
      kind: 'lost-update',
      location: 'Wallet#1.balance',
      createdAt: 'lost-update-field.mjs:12:16',
      current: { op: 'Write', context: 2, stack: [{ fn: 'Wallet.add', file: 'lost-update-field.mjs', line: 8, column: 5 }, {}] },
      previous: { op: 'Write', context: 1, stack: [{ fn: 'Wallet.add', file: 'lost-update-field.mjs', line: 8, column: 5 }, {}] },
      window: { op: 'Read', context: 2, stack: [{ fn: 'Wallet.add', file: 'lost-update-field.mjs', line: 6, column: 21 }, {}] },
    });
    for (const key of ['kind', 'location', 'current', 'previous', 'contexts', 'explanation']) expect(race).toHaveProperty(key);
    expect(race.contexts).toEqual([
      { id: 2, state: 'running', main: false, representative: false, registered: null, byMain: false, createdAt: [{ fn: '<anonymous>', file: 'lost-update-field.mjs', line: 13, column: 42 }] },
      { id: 1, state: 'finished', main: false, representative: false, registered: null, byMain: false, createdAt: [{ fn: '<anonymous>', file: 'lost-update-field.mjs', line: 13, column: 27 }] },
    ]);
    expect(race.explanation).toMatch(/^Lost update: /);
    expect(summary).toEqual({ type: 'summary', pid: r.pid, races: 1 });
  });

  it('a timing-dependent read carries its kind and the sleep frame', async () => {
    const r = await runDetector('timing-sleep.mjs', { env: { RACEDETECT_OPTIONS: 'format=json' } });
    const [race, summary] = jsonLines(r.stderr);
    expect(race).toMatchObject({ type: 'race', kind: 'timing', location: 'Config#1.port', current: { op: 'Read' }, previous: { op: 'Write' } });
    expect(race.sleep).toEqual({ fn: 'report', file: 'timing-sleep.mjs', line: 16, column: 3 });
    expect(summary).toMatchObject({ type: 'summary', races: 1 });
  });

  it('nothing at all on a race-free run', async () => {
    const r = await runDetector('race-free.mjs', { env: { RACEDETECT_OPTIONS: 'format=json' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe.concurrent('log_path', { timeout: 60_000 }, () => {
  it('writes the reports and the summary to PREFIX.PID, mode 0600, and nothing to stderr', async () => {
    const prefix = path.join(tmp, 'race-log');
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: `log_path=${prefix}` } });
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('balance: 20\n');
    expect(r.stderr).toBe('');
    const file = `${prefix}.${r.pid}`;
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(reportBlocks(text)).toHaveLength(1);
    expect(text).toContain('module binding balance');
    expect(text.endsWith('Found 1 data race(s)\n')).toBe(true);
  });

  it('with format=json the log file holds the JSON lines', async () => {
    const prefix = path.join(tmp, 'race-json');
    const r = await runDetector('lost-update-field.mjs', { env: { RACEDETECT_OPTIONS: `log_path=${prefix} format=json` } });
    expect(r.stderr).toBe('');
    const objects = jsonLines(fs.readFileSync(`${prefix}.${r.pid}`, 'utf8'));
    expect(objects.map((o) => o.type)).toEqual(['race', 'summary']);
  });
});

describe.concurrent('strip_path_prefix', { timeout: 60_000 }, () => {
  it('removes the prefix from every path in the report', async () => {
    // Run from outside the project with an absolute path, so paths would otherwise be absolute.
    const file = path.join(fixturesDir, 'lost-update-field.mjs');
    const plain = await runDetector(file, { cwd: tmp });
    expect(plain.stderr).toContain(`\n      ${file}:8:5\n`);
    const r = await runDetector(file, { cwd: tmp, env: { RACEDETECT_OPTIONS: `strip_path_prefix=${projectDir}/` } });
    expect(r.code).toBe(66);
    const [report] = reportBlocks(r.stderr);
    expect(report).toContain('Write at Wallet#1.balance (created at test/fixtures/integration/lost-update-field.mjs:12:16) by async context 2:\n  Wallet.add()\n      test/fixtures/integration/lost-update-field.mjs:8:5\n');
    expect(report).toContain('awaited at test/fixtures/integration/lost-update-field.mjs:7:5');
    expect(report).not.toContain(projectDir);
  });
});

describe.concurrent('suppressions', { timeout: 60_000 }, () => {
  it('race:FUNCTION suppresses a report whose stack has that function', async () => {
    const supp = writeTemp('deposit.supp', '# the deposit race is known\n\nrace:deposit\n');
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${supp}` } });
    expect(r.stdout).toBe('balance: 20\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a pattern that matches nothing suppresses nothing', async () => {
    const supp = writeTemp('other.supp', 'race:withdraw\n');
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${supp}` } });
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.code).toBe(66);
  });

  it('patterns also match file paths (with *) and location names', async () => {
    const byFile = writeTemp('file.supp', 'race:*-field.mjs\n');
    const byLocation = writeTemp('location.supp', 'race:Wallet#1.balance\n');
    const [a, b] = await Promise.all([
      runDetector('lost-update-field.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${byFile}` } }),
      runDetector('lost-update-field.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${byLocation}` } }),
    ]);
    expect([a.stderr, a.code]).toEqual(['', 0]);
    expect([b.stderr, b.code]).toEqual(['', 0]);
  });

  it('suppresses only the matching race of two', async () => {
    const supp = writeTemp('first.supp', 'race:bumpFirst\n');
    const r = await runDetector('two-races.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${supp}` } });
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('bumpSecond()');
    expect(r.stderr).toContain('Found 1 data race(s)\n');
    expect(r.code).toBe(66);
  });

  it('a malformed suppressions file: one-line error naming file and line, exit 2, the program never runs', async () => {
    const supp = writeTemp('bad.supp', 'race:deposit\nthis is not a suppression\n');
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${supp}` } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = expectOneLine(r.stderr);
    expect(line).toContain(`${supp}:2`);
    expect(line).toContain('race:PATTERN');
  });

  it('a missing suppressions file: one-line error, exit 2, the program never runs', async () => {
    const missing = path.join(tmp, 'no-such.supp');
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: `suppressions=${missing}` } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r.stderr)).toContain(missing);
  });
});

describe.concurrent('bad options stop the program before it starts', { timeout: 60_000 }, () => {
  it('unknown key: one line naming the key and the known keys, exit 2', async () => {
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: 'bogus=1' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = expectOneLine(r.stderr);
    expect(line).toContain('"bogus"');
    for (const key of ['exitcode', 'halt_on_error', 'log_path', 'strip_path_prefix', 'history_size', 'format', 'strict', 'suppressions', 'include', 'exclude']) {
      expect(line).toContain(key);
    }
  });

  for (const [setting, key, accepted] of [
    ['halt_on_error=maybe', 'halt_on_error', '0 or 1'],
    ['format=xml', 'format', 'text or json'],
    ['history_size=0', 'history_size', '1-64'],
    ['exitcode=256', 'exitcode', '0-255'],
    ['strict=yes', 'strict', '0 or 1'],
    ['sample_rate=0', 'sample_rate', 'greater than 0 and at most 1'],
    ['sample_rate=1%', 'sample_rate', 'greater than 0 and at most 1'],
    ['sample_window=0', 'sample_window', '1-60000'],
  ] as const) {
    it(`bad value ${setting}: one line naming ${key} and what it accepts, exit 2`, async () => {
      const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: setting } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const line = expectOneLine(r.stderr);
      expect(line).toContain(key);
      expect(line).toContain(accepted);
      expect(line).toContain(`"${setting.split('=')[1]}"`);
    });
  }

  it('a word without "=": one line, exit 2', async () => {
    const r = await runDetector('lost-update-let.mjs', { env: { RACEDETECT_OPTIONS: 'halt_on_error' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r.stderr)).toContain('halt_on_error');
  });

  it('a bad option among good ones still stops the program', async () => {
    const r = await runDetector('race-free.mjs', { env: { RACEDETECT_OPTIONS: 'exitcode=70 format=yaml halt_on_error=1' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r.stderr)).toContain('format');
  });
});

describe.concurrent('strict mode and deduplication', { timeout: 60_000 }, () => {
  it('strict=1 reports two blind writes from unordered timers, which the default mode leaves alone', async () => {
    const [plain, strict] = await Promise.all([
      runDetector('strict-write-write.mjs'),
      runDetector('strict-write-write.mjs', { env: { RACEDETECT_OPTIONS: 'strict=1' } }),
    ]);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    const blocks = reportBlocks(strict.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at module binding last .*by async context \d+:\n  .*\(\)\n      strict-write-write\.mjs:10:3\n/m);
    expect(blocks[0]).toMatch(/^Previous write at module binding last .*by async context \d+:\n  .*\(\)\n      strict-write-write\.mjs:6:3\n/m);
    expect(blocks[0]).toMatch(/^Unordered accesses: /m);
    expect(strict.stderr).toContain('Found 1 data race(s)\n');
    expect(strict.code).toBe(66);
  });

  it('strict=1 reports writes in queueMicrotask callbacks of two unordered timers; those one timer queued run in order', async () => {
    // Node runs a queueMicrotask callback through AsyncResource#runInAsyncScope: taken for a call from
    // program code, every such callback was ordered after the one before it.
    const [plain, strict] = await Promise.all([
      runDetector('strict-microtasks.mjs'),
      runDetector('strict-microtasks.mjs', { env: { RACEDETECT_OPTIONS: 'strict=1' } }),
    ]);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    const blocks = reportBlocks(strict.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at Object#\d+\.x .*by async context \d+:\n  .*\(\)\n      strict-microtasks\.mjs:20:5\n/m);
    expect(blocks[0]).toMatch(/^Previous write at Object#\d+\.x .*by async context \d+:\n  .*\(\)\n      strict-microtasks\.mjs:14:5\n/m);
    expect(strict.code).toBe(66);
  });

  it('strict=1 leaves the busy flag alone: the second call tests it in the segment that armed the timer which clears it', async () => {
    // busy-flag.mjs: `await Promise.all([flush(), flush()])` runs both calls' synchronous prefixes in ONE
    // segment. The first sets busy = true and arms a 2 ms timer; the second reads busy (line 7) in that same
    // segment; the timer's continuation writes busy = false (line 10). SPEC §1 rule 2 orders the scheduling
    // SEGMENT before the callback, so the read happens before the write: not an unordered pair.
    const r = await runDetector('busy-flag.mjs', { env: { RACEDETECT_OPTIONS: 'strict=1' } });
    expect(r.stdout).toBe('flushed,skipped\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('one pair of sites is reported once, though the racy function runs 50 times', async () => {
    const r = await runDetector('repeated.mjs');
    expect(r.stdout).toBe('counter: 1\n');
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('increment()\n      repeated.mjs:7:3\n');
    expect(r.stderr).toContain('Found 1 data race(s)\n');
    expect(r.code).toBe(66);
  });
});
