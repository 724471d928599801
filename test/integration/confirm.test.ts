// Guided confirmation end to end: `racedetect --confirm` steers each race of the samples into its other
// order and sees the program behave differently, and the printed line replays that run; race-free
// samples have nothing to confirm, and holding a flow in a race-free program changes nothing.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, registerPath, run, runCli } from './helpers.js';

const samples = path.join(projectDir, 'samples');
const racy = ['ws-handler-test.mjs', 'parallel-cache-fill.mjs', 'dashboard-clients.mjs', 'job-table-two-locks.mjs', 'invoice-service.ts'];
const fixed = racy.map((s) => s.replace(/(\.m?[jt]s)$/, '-fixed$1'));

interface Verdict {
  header: string;
  verdict: string;
  replay: string | null;
}

/** The CLI's closing lines: per race a header, a verdict and, when confirmed by a steered run, its replay line. */
function verdicts(stderr: string): Verdict[] {
  const out: Verdict[] = [];
  const re = /^racedetect: race \d+ of \d+ \((.*)\):\n {2}(.*)\n(?: {4}(racedetect .*)\n)?/gm;
  for (let m = re.exec(stderr); m !== null; m = re.exec(stderr)) out.push({ header: m[1], verdict: m[2], replay: m[3] ?? null });
  return out;
}

/** A replay line's arguments after `racedetect` (the samples' paths have no spaces or quotes). */
function replayArgs(line: string): string[] {
  return line.split(' ').slice(1);
}

describe('racedetect --confirm', { timeout: 120_000 }, () => {
  for (const name of racy) {
    it(`confirms every race of samples/${name}, and its replay line replays the change`, async () => {
      const r = await runCli(['--confirm', '--', 'node', `samples/${name}`], { cwd: projectDir });
      expect(r.code, r.stderr).toBe(66);
      const found = Number(/Found (\d+) data race\(s\)/.exec(r.stderr)?.[1]);
      const vs = verdicts(r.stderr);
      expect(vs.length, r.stderr).toBe(found);
      for (const v of vs) {
        expect(v.verdict, r.stderr).toMatch(/^confirmed: /);
        if (v.replay === null) {
          // Confirmed by the run that found it: the update was lost there.
          expect(v.verdict).toMatch(/^confirmed: the update was lost in the run that found it: /);
          continue;
        }
        // The change the verdict names happens again on every replay.
        const changed = /^confirmed: the command (?:exits with code (\d+)|prints (".*?") where)/.exec(v.verdict);
        expect(changed, v.verdict).not.toBeNull();
        for (let i = 0; i < 3; i++) {
          const again = await runCli(replayArgs(v.replay), { cwd: projectDir });
          expect(again.stderr).toMatch(/^racedetect: held the flow at .* \(arrival \d\) until .* ran$/m);
          if (changed![1] !== undefined) expect(again.code, again.stderr).toBe(Number(changed![1]));
          else expect(again.stdout.split('\n')).toContain(JSON.parse(changed![2]) as string);
        }
      }
    });
  }

  for (const name of fixed) {
    it(`finds nothing to confirm in samples/${name}`, async () => {
      const r = await runCli(['--confirm', '--', 'node', `samples/${name}`], { cwd: projectDir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('racedetect: no races found; nothing to confirm\n');
      expect(r.stdout).not.toBe('');
    });
  }

  it('a race in a node:test file: the steered run fails the test (the run that found it passed)', async () => {
    const dir = path.join(projectDir, 'test', 'fixtures', 'confirm');
    const r = await runCli(['--confirm', '--', 'node', '--test', 'sleepy.test.mjs'], { cwd: dir });
    // Races fail no test under --confirm: the first run passed, and the CLI turns its races into 66.
    expect(r.code, r.stderr).toBe(66);
    // node:test's summary: TAP's `# pass 1` (Node 20, 22) or the spec reporter's `ℹ pass 1` (Node 24).
    expect(r.stdout).toMatch(/^(#|ℹ) pass 1$/m);
    const [v] = verdicts(r.stderr);
    expect(v.verdict).toMatch(/^confirmed: the command exits with code 1 where it exited with code 0 when async context \d+'s read at sleepy\.test\.mjs:19:16 runs before async context \d+'s write at sleepy\.test\.mjs:13:3 /);
    expect(v.replay).toBe('racedetect --hold=sleepy.test.mjs:12:16 --hold_until=sleepy.test.mjs:19:16 --hold_nth=1 -- node --test sleepy.test.mjs');
  });
});

describe('racedetect --confirm without a flow to hold', { timeout: 120_000 }, () => {
  it('tries schedule=random and confirms a race of two timers where the seed made the other order', async () => {
    const dir = path.join(projectDir, 'test', 'fixtures', 'confirm');
    const r = await runCli(['--confirm', '--', 'node', 'timers-only.mjs'], { cwd: dir });
    expect(r.code, r.stderr).toBe(66);
    expect(r.stdout).toBe('status: ready\n');
    const [v] = verdicts(r.stderr);
    expect(v.verdict).toMatch(
      /^confirmed: the command prints "status: loading" where it printed "status: ready" \(line 1 of its output\) under schedule=random seed=(\d+), where async context \d+'s read at timers-only\.mjs:10:26 came before async context \d+'s write at timers-only\.mjs:7:3 \(seeded run \1\); replay with:$/,
    );
    const seed = /seed=(\d+)/.exec(v.verdict)![1];
    expect(v.replay).toBe(`racedetect --schedule=random --seed=${seed} -- node timers-only.mjs`);
    for (let i = 0; i < 3; i++) {
      const again = await runCli(replayArgs(v.replay!), { cwd: dir });
      expect(again.stdout).toBe('status: loading\n');
    }
  });
});

describe('hold=', { timeout: 60_000 }, () => {
  const confirmDir = path.join(projectDir, 'test', 'fixtures', 'confirm');

  it('never holds an await whose value comes within the turn: Node always resumes it there', async () => {
    const r = await run(['--import', registerPath, 'same-turn.mjs'], {
      cwd: confirmDir,
      env: { RACEDETECT_OPTIONS: 'hold=same-turn.mjs:7:3 hold_until=same-turn.mjs:8:3' },
    });
    expect(r.stdout).toBe('n = 1\n');
    expect(r.stderr).toBe('racedetect: the await at same-turn.mjs:7:3 (arrival 1) had its value already or got it in the same turn of the event loop, where Node always resumes it: nothing was held\n');
    // --confirm then rests on the run that found the race: the update was lost there.
    const c = await runCli(['--confirm', '--', 'node', 'same-turn.mjs'], { cwd: confirmDir });
    const [v] = verdicts(c.stderr);
    expect(v.replay).toBeNull();
    expect(v.verdict).toBe(
      "confirmed: the update was lost in the run that found it: async context 1's write at same-turn.mjs:8:3 fell between async context 2's read at same-turn.mjs:6:13 and its write-back at same-turn.mjs:8:3; none of 3 steered run(s) could hold a flow where Node would let it wait",
    );
  });

  const fill = 'samples/parallel-cache-fill-fixed.mjs';

  it('holding a flow of a race-free program changes nothing: the access it waits for waits on it, and the hold times out', async () => {
    const plain = await run([fill], { cwd: projectDir });
    // The worker is held at its lookup until the caller reads the cache, which it does only after the workers.
    const held = await run(['--import', registerPath, fill], {
      cwd: projectDir,
      env: { RACEDETECT_OPTIONS: `hold=${fill}:19:19 hold_until=${fill}:30:28` },
    });
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toBe(plain.stdout);
    expect(held.stderr).toBe(`racedetect: held the flow at ${fill}:19:19 (arrival 1) for 1000 ms (${fill}:30:28 did not run meanwhile)\n`);
  });

  it('a value already there is never held: awaits keep their queue order', async () => {
    const plain = await run(['value-there.mjs'], { cwd: confirmDir });
    const r = await run(['--import', registerPath, 'value-there.mjs'], { cwd: confirmDir, env: { RACEDETECT_OPTIONS: 'hold=value-there.mjs:4:3 hold_until=value-there.mjs:5:3' } });
    expect(plain.stdout).toBe('a,b\n');
    expect(r.stdout).toBe('a,b\n');
    expect(r.stderr).toContain('had its value already or got it in the same turn of the event loop, where Node always resumes it: nothing was held');
  });

  it('a hold past code that ran in the turn its value came in proves nothing, and says so', async () => {
    const r = await run(['--import', registerPath, 'settled-in-turn.mjs'], {
      cwd: confirmDir,
      env: { RACEDETECT_OPTIONS: 'hold=settled-in-turn.mjs:8:3 hold_until=settled-in-turn.mjs:15:3' },
    });
    expect(r.stderr).toBe(
      'racedetect: held the flow at settled-in-turn.mjs:8:3 (arrival 1), but other code ran in the turn its value came in, before it resumed: an order Node cannot make, so this run proves nothing\n',
    );
  });

  it('says so when the await is never reached as often as hold_nth asks', async () => {
    const r = await run(['--import', registerPath, fill], {
      cwd: projectDir,
      env: { RACEDETECT_OPTIONS: `hold=${fill}:19:19 hold_until=${fill}:30:28 hold_nth=50` },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`racedetect: hold=${fill}:19:19 was reached 6 time(s), never a 50th time: nothing was held\n`);
  });

  it('rejects a hold without its release, a malformed location and --confirm beside --explore, in one line each', async () => {
    const lone = await run(['--import', registerPath, fill], { cwd: projectDir, env: { RACEDETECT_OPTIONS: `hold=${fill}:19:19` } });
    expect(lone.code).toBe(2);
    expect(lone.stderr).toBe('racedetect: hold and hold_until go together: hold=FILE:LINE:COLUMN of an await, hold_until=FILE:LINE:COLUMN of an access\n');
    const bad = await run(['--import', registerPath, fill], { cwd: projectDir, env: { RACEDETECT_OPTIONS: `hold=${fill}:19 hold_until=${fill}:30:28` } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`racedetect: bad value "${fill}:19" for option hold; accepted: FILE:LINE:COLUMN of an await\n`);
    const both = await runCli(['--confirm', '--explore', '5', '--', 'node', fill], { cwd: projectDir });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('racedetect: --confirm steers its own runs; it cannot be combined with --explore, --schedule=random or --hold\n');
  });
});
