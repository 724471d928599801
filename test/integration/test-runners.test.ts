// Test suites under the detector (SPEC §5): the Vitest plugin, `racedetect vitest`, node --test with
// --import, and the CLI's collection of every process's reports. Each runs a fixture project for real.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, jsonLines, projectDir, registerPath, reportBlocks, run, runCli } from './helpers.js';

const vitestBin = path.join(projectDir, 'node_modules', 'vitest', 'vitest.mjs');
const vitestProject = path.join(projectDir, 'test', 'fixtures', 'vitest-project');
const nodeTestDir = path.join(projectDir, 'test', 'fixtures', 'node-test');
const nodeTestOrderDir = path.join(projectDir, 'test', 'fixtures', 'node-test-order');
const nodeTestLateDir = path.join(projectDir, 'test', 'fixtures', 'node-test-late');

interface VitestJson {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { name: string; status: string; message: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

/** Vitest's JSON reporter output (stdout), by file name and by test name. */
function vitestResults(stdout: string): { files: Record<string, { status: string; message: string }>; tests: Record<string, string> } {
  const json = JSON.parse(stdout.slice(stdout.indexOf('{'))) as VitestJson;
  const files: Record<string, { status: string; message: string }> = {};
  const tests: Record<string, string> = {};
  for (const f of json.testResults) {
    files[path.basename(f.name)] = { status: f.status, message: f.message };
    for (const a of f.assertionResults) tests[a.fullName] = a.status;
  }
  return { files, tests };
}

const EXPECTED_TESTS = {
  'Account deposits once': 'passed',
  'Account deposits twice at once': 'failed',
  'Account deposits safely twice at once': 'passed',
  'function source reads as Vite made it': 'passed',
  'sequential deposits': 'passed',
  'the account has money': 'passed',
};

function leftoverWrappers(): string[] {
  return fs.readdirSync(vitestProject).filter((n) => n.includes('racedetect'));
}

describe('Vitest', { timeout: 120_000 }, () => {
  it('the plugin fails the racy test with the report, and a file whose hook raced; clean tests pass', async () => {
    const r = await run([vitestBin, 'run'], { cwd: vitestProject, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/× Account > deposits twice at once/);
    expect(out).toMatch(/✓ Account > deposits safely twice at once/);
    expect(out).toMatch(/Test Files {2}2 failed \| 1 passed \(3\)/);
    expect(out).toMatch(/Tests {2}1 failed \| 5 passed \(6\)/);
    // The failure carries the report, in the original TypeScript's lines, without racedetect's or
    // Vitest's own frames.
    const failure = out.slice(out.indexOf('FAIL  test/account.test.ts > Account > deposits twice at once'));
    expect(failure).toMatch(/^DataRaceError: race detected during execution of test\n\n==================\nWARNING: DATA RACE\n/m);
    const block = reportBlocks(failure)[0];
    expect(block).toMatch(/^Write at Account#\d+\.balance \(created at test\/account\.test\.ts:12:15\) by async context \d+:\n {2}Account\.deposit\(\)\n {6}src\/account\.ts:9:5\n/m);
    expect(block).toMatch(/^Previous read at Account#\d+\.balance by async context \d+:\n {2}Account\.deposit\(\)\n {6}src\/account\.ts:7:20\n/m);
    expect(block).not.toMatch(/node_modules|dist\/|src\/runtime|src\/report/);
    expect(out).toMatch(/DataRaceError: race detected outside of any test in this file/);
  });

  it('the JSON reporter sees the same outcome, in every pool', async () => {
    for (const pool of ['forks', 'threads', 'vmThreads']) {
      const r = await run([vitestBin, 'run', '--reporter=json', `--pool=${pool}`], { cwd: vitestProject, timeoutMs: 110_000 });
      expect(r.code, pool).toBe(1);
      const { files, tests } = vitestResults(r.stdout);
      expect(tests, pool).toEqual(EXPECTED_TESTS);
      expect(files['hooks.test.ts'].status, pool).toBe('failed');
      expect(files['hooks.test.ts'].message, pool).toMatch(/^race detected outside of any test in this file\n\n={18}\nWARNING: DATA RACE\n/);
      expect(files['clean.test.ts'].status, pool).toBe('passed');
    }
  });

  it('without the plugin every test passes (the racy one only races)', async () => {
    const r = await run([vitestBin, 'run', '--reporter=json', '--config', 'vitest.plain.config.ts'], { cwd: vitestProject, timeoutMs: 110_000 });
    expect(r.code).toBe(0);
    expect(Object.values(vitestResults(r.stdout).tests)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
  });

  it('`racedetect npx vitest run` adds the plugin to a config that lacks it, and removes its config afterwards', async () => {
    // Vitest reached through npx and a .bin link: the register finds Vitest's own process wherever the
    // command starts it (`racedetect npm test` works the same way).
    const r = await run([cliPath, 'npx', '--no-install', 'vitest', 'run', '--reporter=json', '--config', 'vitest.plain.config.ts'], { cwd: vitestProject, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    expect(vitestResults(r.stdout).tests).toEqual(EXPECTED_TESTS);
    // The CLI prints each race once and one summary of the run: the test's race and the hook's are
    // the same race (the same two sites in account.ts), found in two files' workers.
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^Found 1 data race\(s\) in [12] process\(es\)$/m);
    expect(leftoverWrappers()).toEqual([]);
  });

  it('`racedetect node vitest.mjs run` on a config that already has the plugin gives the same results', async () => {
    const r = await run([cliPath, 'node', vitestBin, 'run', '--reporter=json'], { cwd: vitestProject, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    expect(vitestResults(r.stdout).tests).toEqual(EXPECTED_TESTS);
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(leftoverWrappers()).toEqual([]);
  });

  it('`racedetect npx vitest run --pool=vmThreads`: each vm context joins the runtime the register started', async () => {
    // The context gets a copy of the main realm's `__rd$`, not the runtime's symbol; starting a second
    // runtime there failed every file ("Cannot redefine property: __rd$"). The function source test
    // needs this realm's Function.prototype.toString patched too.
    const r = await run([cliPath, 'npx', '--no-install', 'vitest', 'run', '--reporter=json', '--pool=vmThreads', '--config', 'vitest.plain.config.ts'], { cwd: vitestProject, timeoutMs: 110_000 });
    expect(r.stdout + r.stderr).not.toMatch(/Cannot redefine property/);
    expect(r.code).toBe(1);
    expect(vitestResults(r.stdout).tests).toEqual(EXPECTED_TESTS);
    expect(reportBlocks(r.stderr)).toHaveLength(1);
    expect(leftoverWrappers()).toEqual([]);
  });
});

describe('node --test', { timeout: 120_000 }, () => {
  /** TAP result lines: "ok N - name" / "not ok N - name" at the top level. */
  function tap(stdout: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of stdout.matchAll(/^(not ok|ok) \d+ - (.*)$/gm)) out[path.basename(m[2])] = m[1];
    return out;
  }

  it('--import racedetect/register: racy tests fail with the report, a race outside tests fails its file', async () => {
    const r = await run(['--import', registerPath, '--test', '--test-reporter=tap', '--test-concurrency=1'], { cwd: nodeTestDir, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    expect(tap(r.stdout)).toEqual({
      'sequential adds': 'ok',
      'a child process keeps its output': 'ok',
      'cjs clean': 'ok',
      'cjs race': 'not ok',
      'clean arithmetic': 'ok',
      'two deposits race': 'not ok',
      suite: 'ok',
      'reads the cache': 'ok',
      'outside.test.mjs': 'not ok',
    });
    expect(r.stdout.match(/race detected during execution of test/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/Write at module binding balance \(declared at deposits\.test\.mjs:5:5\)/);
    expect(r.stdout).toMatch(/Write at module binding hits \(declared at counter\.test\.cjs:5:5\)/);
  });

  // A race whose flow outlives the test that started it fails the file's process; every test passes.
  for (const [title, file, tests, reported] of [
    ['a race decided after its test ended fails the file, not the test running then', 'late.test.mjs', ['reads what a flow it does not wait for wrote', 'only sleeps while that flow finishes'], [/Read at Object\\#\d+\.count \(created at late\.test\.mjs:7:15\)/]],
    ['a race its write decides during a later test fails the file, not that test', 'leftover-timer.test.mjs', ['leaves a timer behind', 'only sleeps while the timer fires'], [/Write at Object\\#\d+\.n \(created at leftover-timer\.test\.mjs:8:15\)/]],
    ['a race a flow left over from an ended test makes during a later test fails the file, not that test', 'leftover-reader.test.mjs', ['times out a slow handler', 'only sleeps while the handler finishes'], [/Read at Object\\#\d+\.pending by async context \d+:/, /leftover-reader\.test\.mjs:15:9/]],
  ] as const) {
    it(title, async () => {
      const r = await run(['--import', registerPath, '--test', '--test-reporter=tap', file], { cwd: nodeTestLateDir, timeoutMs: 110_000 });
      expect(r.code).toBe(1);
      expect(tap(r.stdout)).toEqual({ ...Object.fromEntries(tests.map((t) => [t, 'ok'])), [file]: 'not ok' });
      for (const line of reported) expect(r.stdout).toMatch(line);
    });
  }

  it('the spec reporter shows the report in the failing test, not its headline alone', async () => {
    const r = await run(['--import', registerPath, '--test', '--test-reporter=spec', 'deposits.test.mjs'], { cwd: nodeTestDir, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DataRaceError\]?: race detected during execution of test/);
    expect(r.stdout).toMatch(/Write at module binding balance \(declared at deposits\.test\.mjs:5:5\)/);
  });

  it('fail_tests=0: racy tests pass, their races are still printed and still set the exit code', async () => {
    const r = await run(['--import', registerPath, '--test', '--test-reporter=tap', '--test-concurrency=1', 'deposits.test.mjs'], {
      cwd: nodeTestDir,
      env: { RACEDETECT_OPTIONS: 'fail_tests=0' },
    });
    // The file's process ends with the detector's exit code, which node --test reports as its file failing.
    expect(tap(r.stdout)).toEqual({ 'clean arithmetic': 'ok', 'two deposits race': 'ok', suite: 'ok', 'deposits.test.mjs': 'not ok' });
    expect(r.stdout).not.toContain('race detected during execution of test');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/Write at module binding balance \(declared at deposits\.test\.mjs:5:5\)/);
  });

  /** TAP result lines at every level (subtests included), by name. */
  function tapAll(stdout: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of stdout.matchAll(/^ *(not ok|ok) \d+ - (.*)$/gm)) out[m[2]] = m[1];
    return out;
  }

  it('tests run one after another are ordered whatever the one before awaited; tests run at once still race', async () => {
    // node:test waits for each test through its Promise subclass; a timer or an immediate awaited in
    // the test before used to break the chain to the next test's start.
    const seq = await run(['--import', registerPath, '--test', '--test-reporter=tap', 'sequential.test.mjs'], { cwd: nodeTestOrderDir, timeoutMs: 110_000 });
    expect(seq.stdout).not.toContain('WARNING: DATA RACE');
    expect(tapAll(seq.stdout)).toEqual({
      'reads after a timer': 'ok',
      'writes what the test before read': 'ok',
      'reads, sleeps and writes back': 'ok',
      'writes what the test before wrote back': 'ok',
      'reads after an immediate': 'ok',
      'writes after the immediate test': 'ok',
      'counts after a timer': 'ok',
      'counts again': 'ok',
      'sees both counts': 'ok',
      'a suite': 'ok',
      'first subtest sleeps, then reads and writes': 'ok',
      'second subtest writes': 'ok',
      'awaited subtests': 'ok',
    });
    expect(seq.code).toBe(0);

    const conc = await run(['--import', registerPath, '--test', '--test-reporter=tap', 'concurrent.test.mjs'], { cwd: nodeTestOrderDir, timeoutMs: 110_000 });
    expect(conc.code).toBe(1);
    const results = tapAll(conc.stdout);
    expect(results).toMatchObject({
      'two subtests at once': 'not ok',
      'starts after the short one: reads, sleeps and writes back': 'not ok',
      'a suite two at a time': 'not ok',
    });
    // Either subtest can be the one running when the race is found (Node 20 and 22 differ).
    expect([results['reads, sleeps and writes back'], results['writes meanwhile']]).toContain('not ok');
    expect(conc.stdout).toMatch(/Lost update: async context \d+ read Object#\d+\.x at concurrent\.test\.mjs:11:17/);
    // The third test starts after the short one only: the long one's write can fall inside its window.
    expect(conc.stdout).toMatch(/Lost update: async context \d+ read Object#\d+\.n at concurrent\.test\.mjs:34:15/);
  });

  it('without the detector every test passes', async () => {
    const r = await run(['--test', '--test-reporter=tap', '--test-concurrency=1'], { cwd: nodeTestDir, timeoutMs: 110_000 });
    expect(r.code).toBe(0);
    expect(Object.values(tap(r.stdout)).every((v) => v === 'ok')).toBe(true);
  });

  it('through the CLI: one summary of the test files\' processes', async () => {
    const r = await run([cliPath, 'node', '--test', '--test-reporter=tap', '--test-concurrency=1'], { cwd: nodeTestDir, timeoutMs: 110_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Found 3 data race\(s\) in 3 process\(es\)$/m);
  });
});

describe('CLI collection', { timeout: 60_000 }, () => {
  it('--format=json: one JSON object per race (NDJSON) from every process, then the summary', async () => {
    const r = await runCli(['--format=json', 'node', 'spawn-two.mjs']);
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('lost-update-let.mjs exited with 0\nlost-update-field.mjs exited with 0\n');
    const lines = jsonLines(r.stderr);
    expect(lines.map((l) => l.type)).toEqual(['race', 'race', 'summary']);
    expect(lines[2]).toEqual({ type: 'summary', races: 2, processes: 2 });
    for (const race of lines.slice(0, 2)) {
      expect(Object.keys(race)).toEqual(['type', 'pid', 'kind', 'location', 'createdAt', 'origin', 'current', 'previous', 'window', 'sleep', 'interleaved', 'contexts', 'explanation']);
      expect(race.kind).toBe('lost-update');
      const current = race.current as { op: string; context: number; stack: { fn: string; file: string; line: number; column: number }[] };
      expect(current.op).toBe('Write');
      expect(Object.keys(current)).toEqual(['op', 'context', 'stack', 'resumedAt']);
      expect(Object.keys(current.stack[0])).toEqual(['fn', 'file', 'line', 'column']);
    }
    expect((lines[0].current as { stack: { file: string }[] }).stack[0].file).toBe('lost-update-let.mjs');
    expect((lines[1].current as { stack: { file: string }[] }).stack[0].file).toBe('lost-update-field.mjs');
  });

  it('text: both races printed, a summary naming both processes', async () => {
    const r = await runCli(['node', 'spawn-two.mjs']);
    expect(r.code).toBe(66);
    expect(reportBlocks(r.stderr)).toHaveLength(2);
    expect(r.stderr.match(/^Found .*$/gm)).toEqual(['Found 2 data race(s) in 2 process(es)']);
  });
});
