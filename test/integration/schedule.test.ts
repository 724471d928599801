// Schedule control end to end: a test that passes under Node's own scheduler fails under some seeds;
// --explore finds one, and the printed seed replays the failure every time.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { projectDir, run, runCli, tempDir } from './helpers.js';

const dir = path.join(projectDir, 'test', 'fixtures', 'schedule');
const flaky = 'flaky-timers.mjs';
const register = path.join(projectDir, 'dist', 'register.mjs');

describe('schedule=random and --explore', () => {
  it('the flaky fixture passes without schedule control', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => run([flaky], { cwd: dir })));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('ok: 3 retries\n');
    }
  });

  it('--explore finds a failing seed, and that seed fails ten times out of ten', { timeout: 120_000 }, async () => {
    const found = await runCli(['--explore', '50', '--', 'node', flaky], { cwd: dir });
    expect(found.code, found.stderr).toBe(1);
    expect(found.stderr).toContain('FAIL: settings not loaded yet');
    const m = /racedetect: run (\d+) of at most 50 failed \(exited with code 1\) under seed (\d+); replay it with:\n {2}(.*)\n/.exec(found.stderr);
    expect(m, found.stderr).not.toBeNull();
    const seed = m![2];
    expect(m![3]).toBe(`racedetect --schedule=random --seed=${seed} -- node ${flaky}`);

    // One after another: a replay is meant to hold on a busy machine, not to be the load on it.
    const replays = [];
    for (let i = 0; i < 10; i++) replays.push(await run(['--import', register, flaky], { cwd: dir, env: { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` } }));
    for (const r of replays) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('FAIL: settings not loaded yet');
      expect(r.stderr).toContain(`racedetect: schedule=random seed=${seed} (`);
    }
    // The CLI's own replay line does the same.
    const viaCli = await runCli(['--schedule=random', `--seed=${seed}`, '--', 'node', flaky], { cwd: dir });
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain(`racedetect: schedule=random seed=${seed}; replay with:`);
  });

  it('a seed under which the check passes keeps passing, and the run still prints its seed', async () => {
    // Seed search by the same rule as the runtime: the first seed that holds neither timer back.
    const { holdBack, startSchedule } = await import('../../src/runtime/schedule.js');
    let seed = 0;
    for (;; seed++) {
      startSchedule(seed);
      if (holdBack(5) === 0 && holdBack(8) === 0) break;
    }
    const r = await run(['--import', register, flaky], { cwd: dir, env: { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` } });
    // The check passes; the detector still predicts the race that other seeds make happen.
    expect(r.stdout).toBe('ok: 3 retries\n');
    expect(r.code, r.stderr).toBe(66);
    expect(r.stderr).toContain('Timing-dependent read: async context 2 reached this read of module binding settings by waiting on a timer');
    expect(r.stderr).toMatch(new RegExp(`racedetect: schedule=random seed=${seed} \\(0 of \\d+ timers, 0 of 0 I/O completions held back\\); replay with RACEDETECT_OPTIONS="schedule=random seed=${seed}"\\n$`));
  });

  it('picks and prints a fresh seed when none is given', async () => {
    const r = await run(['--import', register, flaky], { cwd: dir, env: { RACEDETECT_OPTIONS: 'schedule=random' } });
    expect([1, 66]).toContain(r.code);
    expect(r.stderr).toMatch(/racedetect: schedule=random seed=\d+ \(\d+ of \d+ timers, \d+ of \d+ I\/O completions held back\)/);
  });

  it('under schedule control a race fails no test: the run fails where the program does, and still exits 66', async () => {
    const nodeTestDir = path.join(projectDir, 'test', 'fixtures', 'node-test');
    const plain = await runCli(['node', '--test', 'deposits.test.mjs'], { cwd: nodeTestDir });
    expect(plain.code).toBe(1);
    // node:test's summary line: TAP's `# fail N` (Node 20, 22) or the spec reporter's `ℹ fail N` (Node 24).
    expect(plain.stdout).toMatch(/^(#|ℹ) fail 1$/m);
    const scheduled = await runCli(['--schedule=random', '--seed=7', '--', 'node', '--test', 'deposits.test.mjs'], { cwd: nodeTestDir });
    expect(scheduled.stdout).toMatch(/^(#|ℹ) fail 0$/m);
    expect(scheduled.stderr).toContain('WARNING: DATA RACE');
    expect(scheduled.stderr).toContain('Found 1 data race(s) in 1 process(es)');
    expect(scheduled.code).toBe(66);
  });

  it('a busy flag tested and set in one step stays silent under every seed; one set after an await is reported under every seed', { timeout: 120_000 }, async () => {
    // Seeds 1 and 5 delay the third caller past the first caller's whole guarded section: its guard
    // passes and it sets the flag again, which no order of these flows can make a lost update.
    for (let seed = 1; seed <= 8; seed++) {
      const env = { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` };
      const [guarded, late] = await Promise.all([
        run(['--import', register, 'busy-flag.mjs'], { cwd: dir, env }),
        run(['--import', register, 'busy-flag-late.mjs'], { cwd: dir, env }),
      ]);
      expect(guarded.stderr, `seed ${seed}`).not.toContain('WARNING: DATA RACE');
      expect(guarded.code, `seed ${seed}`).toBe(0);
      expect(late.stderr, `seed ${seed}`).toContain('WARNING: DATA RACE');
      expect(late.stderr, `seed ${seed}`).toMatch(/Lost update: async context \d+ read Object#1\.busy at busy-flag-late\.mjs:8:/);
      expect(late.code, `seed ${seed}`).toBe(66);
    }
  });

  it('--explore says so when no run failed, and exits as the last run did', async () => {
    const r = await runCli(['--explore', '3', '--', 'node', 'steady.mjs'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('first\nsecond\n'.repeat(3));
    expect(r.stderr).toBe('racedetect: 3 run(s) under fresh seeds, none failed\n');
  });

  it('a signal stops exploring without blaming a seed', async () => {
    const r = await runCli(['--explore', '100', '--', 'node', 'waits.mjs'], { cwd: dir, signal: { after: 'ready', signal: 'SIGINT' } });
    expect(r.signal).toBe('SIGINT');
    expect(r.stderr).toBe('racedetect: exploring stopped by a signal after 1 run(s)\n');
  });

  it('holds back I/O completions: --explore makes the websocket sample\'s fs read lose to its sleep, and the seed replays it', { timeout: 240_000 }, async () => {
    const sample = 'samples/ws-handler-test.mjs';
    // A seed fails the sample in roughly one run of ten on a quiet machine (runs 2, 6 and 21 in three
    // tries), fewer when the machine is loaded (a CI run of the whole suite once needed more than 50):
    // --explore stops at the first, so the larger bound costs time only when the seeds are unlucky.
    const found = await runCli(['--explore', '150', '--', 'node', sample], { cwd: projectDir });
    expect(found.code, found.stderr).toBe(1);
    expect(found.stderr).toContain('AssertionError');
    const seed = /under seed (\d+); replay it with:/.exec(found.stderr)?.[1];
    expect(seed, found.stderr).toBeDefined();
    // What the seed holds back: the read's completion must come later than the sleep's timer by more
    // than that seed moved it, or the failure came from the machine's load as much as from the seed.
    const { holdBack, holdBackIo, startSchedule } = await import('../../src/runtime/schedule.js');
    const lateness = (s: number) => {
      startSchedule(s);
      return holdBackIo('fsPromises.readFile') - holdBack(100);
    };
    expect(lateness(Number(seed))).toBeGreaterThan(0);
    // A seed that put the read 120 ms or more behind the sleep fails every replay, however loaded the
    // machine. A seed found with less (40 or 80 ms, helped by a slow read under load) need not: the
    // replays then use the first seed with that margin, so what is checked is that a seed, not the
    // machine, decides the order.
    let replay = Number(seed);
    while (lateness(replay) < 120) replay++;
    for (let i = 0; i < 5; i++) {
      const r = await run(['--import', register, sample], { cwd: projectDir, env: { RACEDETECT_OPTIONS: `schedule=random seed=${replay}` } });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('AssertionError');
      // The one fs call of the program was held back; the sleep's timer is held back less, or not at all.
      expect(r.stderr).toMatch(new RegExp(`racedetect: schedule=random seed=${replay} \\(\\d of 1 timers, 1 of 1 I/O completions held back\\)`));
    }
  });

  it('holds back only the I/O calls of the program\'s own code, not those of packages under node_modules', async () => {
    const { holdBackIo, startSchedule } = await import('../../src/runtime/schedule.js');
    let seed = 0;
    for (;; seed++) {
      startSchedule(seed);
      if (holdBackIo('fsPromises.readFile') > 0) break;
    }
    const app = tempDir();
    fs.mkdirSync(path.join(app, 'node_modules', 'reader'), { recursive: true });
    fs.writeFileSync(path.join(app, 'node_modules', 'reader', 'package.json'), '{"name":"reader","type":"module","exports":"./index.js"}');
    fs.writeFileSync(path.join(app, 'node_modules', 'reader', 'index.js'), "import { readFile } from 'node:fs/promises';\nexport const read = (f) => readFile(f, 'utf8');\n");
    fs.writeFileSync(
      path.join(app, 'main.mjs'),
      "import { readFile } from 'node:fs/promises';\nimport { read } from 'reader';\nconst [a, b] = await Promise.all([readFile('main.mjs', 'utf8'), read('main.mjs')]);\nconsole.log(a === b);\n",
    );
    const r = await run(['--import', register, 'main.mjs'], { cwd: app, env: { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` } });
    expect(r.stdout).toBe('true\n');
    expect(r.stderr).toContain(`racedetect: schedule=random seed=${seed} (0 of 0 timers, 1 of 1 I/O completions held back)`);
  });

  it('holds back HTTP requests by connection: the dashboard sample loses a different number of updates under some seeds, the same under each', async () => {
    const sample = 'samples/dashboard-clients.mjs';
    const plain = await run([sample], { cwd: projectDir });
    expect(plain.stdout).toBe('alice: 1 tab(s) open after 3 connects\n');
    // Seed 2 holds back two of the three connections' requests (by the seed's draw for each).
    for (let i = 0; i < 3; i++) {
      const r = await run(['--import', register, sample], { cwd: projectDir, env: { RACEDETECT_OPTIONS: 'schedule=random seed=2' } });
      expect(r.stdout).toBe('alice: 2 tab(s) open after 3 connects\n');
      expect(r.stderr).toContain('2 of 3 I/O completions held back');
    }
    // The race-free twin stays race-free and prints the same under those seeds.
    for (const seed of [1, 2, 3]) {
      const fixed = await run(['--import', register, 'samples/dashboard-clients-fixed.mjs'], { cwd: projectDir, env: { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` } });
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stdout).toBe('alice: 3 tab(s) open after 3 connects\n');
      expect(fixed.stderr).not.toContain('WARNING: DATA RACE');
    }
  });

  it('a held-back completion keeps what hangs on the wrapped functions, reports nothing new, and survives fake timers', async () => {
    const plain = await run(['io-shapes.cjs'], { cwd: dir });
    const lines = (out: string): string[] => out.split('\n').filter(Boolean).sort();
    for (const seed of [1, 4, 5]) {
      // Seeds under which fs.stat's completion is held back (the seed line says 1 of 1).
      const r = await run(['--import', register, 'io-shapes.cjs'], { cwd: dir, env: { RACEDETECT_OPTIONS: `schedule=random seed=${seed}` } });
      expect(r.code, r.stderr).toBe(0);
      expect(lines(r.stdout)).toEqual(lines(plain.stdout));
      expect(r.stdout).toContain('promisify(fs.read) bytesRead,buffer 4\n');
      expect(r.stdout).toContain('stat sees config loaded\n');
      // The completion arrives on a timer of the schedule's own: the callback did not wait on a timer.
      expect(r.stderr).not.toContain('WARNING: DATA RACE');
      expect(r.stderr).toContain('1 of 1 I/O completions held back');
    }
    const fake = await run(['--import', register, 'fake-timers.mjs'], { cwd: dir, env: { RACEDETECT_OPTIONS: 'schedule=random seed=1' } });
    expect(fake.stdout).toBe('read done\nend\n');
    expect(fake.stderr).toContain('1 of 1 I/O completions held back');
  });

  it('rejects a bad --explore count and --explore with a fixed seed', async () => {
    const bad = await runCli(['--explore', 'many', '--', 'node', flaky], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('racedetect: bad value "many" for --explore; accepted: an integer 1-100000 (how many runs to try)');
    const both = await runCli(['--explore=5', '--seed=3', '--', 'node', flaky], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('racedetect: --explore picks a fresh seed for every run; give --seed only to replay one run');
    const option = await run(['--import', register, flaky], { cwd: dir, env: { RACEDETECT_OPTIONS: 'schedule=shuffle' } });
    expect(option.code).toBe(2);
    expect(option.stderr.trim()).toBe('racedetect: bad value "shuffle" for option schedule; accepted: none or random');
  });
});
