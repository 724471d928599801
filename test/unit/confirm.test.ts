// Guided confirmation's planning and judging (src/confirm.ts), on hand-made reports: which flow is
// held where, until which access, and what counts as a change of behaviour.
import { describe, expect, it } from 'vitest';
import type { AccessReport, RaceReport } from '../../src/report/build.js';
import { STEERED_RUNS, type Reference, difference, otherOrder, plan } from '../../src/confirm.js';

const frame = (line: number, column = 1) => ({ fn: 'f', file: 'app.mjs', line, column });

function access(op: 'Read' | 'Write', context: number, line: number, resumedLine: number | null): AccessReport {
  return { op, context, stack: [frame(line)], resumedAt: resumedLine === null ? null : frame(resumedLine, 9) };
}

function report(kind: RaceReport['kind'], current: AccessReport, previous: AccessReport, window: AccessReport | null = null, interleaved = false): RaceReport {
  return { kind, location: 'o.n', createdAt: '', origin: '', current, previous, window, sleep: null, interleaved, contexts: [], explanation: '' };
}

describe('plan', () => {
  it('a timing-dependent read: the writer is held where it resumed until the read has run', () => {
    const r = report('timing', access('Read', 3, 40, 39), access('Write', 1, 20, 18));
    const steps = plan(r);
    expect(steps.map((s) => [s.at, s.until, s.nth])).toEqual([
      ['app.mjs:18:9', 'app.mjs:40:1', 1],
      ['app.mjs:18:9', 'app.mjs:40:1', 2],
      ['app.mjs:18:9', 'app.mjs:40:1', 3],
    ]);
    expect(steps[0].held.context).toBe(1);
    expect(steps[0].first.context).toBe(3);
  });

  it('a lost update that happened: first the reader waits for the other write, then the other write for the write-back', () => {
    // Context 2 read at 10 (resumed at 9), awaited, wrote back at 12; context 1 wrote at 12 in between (resumed at 11).
    const r = report('lost-update', access('Write', 2, 12, 11), access('Write', 1, 12, 11), access('Read', 2, 10, 9), true);
    const pairs = [...new Set(plan(r).map((s) => `${s.at} -> ${s.until}`))];
    expect(pairs).toEqual(['app.mjs:9:9 -> app.mjs:12:1', 'app.mjs:11:9 -> app.mjs:12:1']);
    expect(plan(r)).toHaveLength(STEERED_RUNS);
  });

  it('a lost update that did not happen: the other write is held until the read, to fall in between', () => {
    const r = report('lost-update', access('Write', 2, 30, 28), access('Write', 1, 20, 19), access('Read', 2, 26, 25), false);
    expect(plan(r)[0]).toMatchObject({ at: 'app.mjs:19:9', until: 'app.mjs:26:1', nth: 1 });
  });

  it('an access its flow made before any await cannot be held: nothing to plan for it', () => {
    const r = report('strict', access('Write', 2, 30, null), access('Write', 1, 20, null));
    expect(plan(r)).toEqual([]);
    const one = report('strict', access('Write', 2, 30, 29), access('Write', 1, 20, null));
    // Holding the current access's flow is the only way round; it is not the opposite order, so not tried.
    expect(plan(one)).toEqual([]);
  });
});

describe('difference', () => {
  const ref = (stdout: string, code: number, stable = { outputStable: true, exitStable: true }): Reference => ({ run: { code, signal: null, stdout }, ...stable });

  it('a different exit code or signal is a change', () => {
    expect(difference(ref('ok\n', 0), { code: 1, signal: null, stdout: 'ok\n' })).toBe('the command exits with code 1 where it exited with code 0');
    expect(difference(ref('ok\n', 0), { code: null, signal: 'SIGABRT', stdout: '' })).toBe('the command is killed by SIGABRT where it exited with code 0');
  });

  it('different output is a change, named by its first differing line', () => {
    expect(difference(ref('a\nb\n', 0), { code: 0, signal: null, stdout: 'a\nc\n' })).toBe('the command prints "c" where it printed "b" (line 2 of its output)');
    expect(difference(ref('a\n', 0), { code: 0, signal: null, stdout: 'a\nmore\n' })).toBe('the command prints "more" where it printed "" (line 2 of its output)');
  });

  it('the same behaviour is no change', () => {
    expect(difference(ref('a\n', 0), { code: 0, signal: null, stdout: 'a\n' })).toBeNull();
  });

  it('what differed between two unsteered runs proves nothing', () => {
    const unstable = ref('took 12 ms\n', 0, { outputStable: false, exitStable: true });
    expect(difference(unstable, { code: 0, signal: null, stdout: 'took 15 ms\n' })).toBeNull();
    expect(difference(unstable, { code: 1, signal: null, stdout: 'took 15 ms\n' })).toBe('the command exits with code 1 where it exited with code 0');
    const flaky = ref('x\n', 0, { outputStable: true, exitStable: false });
    expect(difference(flaky, { code: 1, signal: null, stdout: 'x\n' })).toBeNull();
  });
});

describe('otherOrder', () => {
  it('is the same two accesses the other way round, not the same order or another pair', () => {
    const r = report('timing', access('Read', 3, 40, 39), access('Write', 1, 20, 18));
    expect(otherOrder(r, report('timing', access('Write', 1, 20, null), access('Read', 3, 40, null)))).toBe(true);
    expect(otherOrder(r, report('timing', access('Read', 3, 40, null), access('Write', 1, 20, null)))).toBe(false);
    expect(otherOrder(r, report('timing', access('Write', 1, 21, null), access('Read', 3, 40, null)))).toBe(false);
  });
});
