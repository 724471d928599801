// Schedule control's choices: a function of the seed and the delay alone, equal delays always held
// back alike (SPEC rule 8), bounded, and varied from seed to seed.
import { describe, expect, it } from 'vitest';
import { holdBack, holdBackTimer, startSchedule } from '../../src/runtime/schedule.js';

const DELAYS = [1, 2, 3, 5, 8, 10, 13, 50, 100, 1000, 2.5];

function choices(seed: number, delays: number[]): number[] {
  startSchedule(seed);
  return delays.map((d) => holdBack(d));
}

describe('schedule=random', () => {
  it('makes the same choices for the same seed, whatever order the delays come in', () => {
    const a = choices(12345, DELAYS);
    const b = choices(12345, [...DELAYS].reverse()).reverse();
    expect(b).toEqual(a);
  });

  it('holds every timer of one delay back by the same amount', () => {
    startSchedule(777);
    for (const d of DELAYS) {
      const first = holdBack(d);
      for (let i = 0; i < 5; i++) expect(holdBack(d)).toBe(first);
    }
  });

  it('holds back about half the delays, by 40, 80, 120 or 160 ms', () => {
    const seen = new Map<number, number>();
    for (let seed = 0; seed < 200; seed++) for (const extra of choices(seed, DELAYS)) seen.set(extra, (seen.get(extra) ?? 0) + 1);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([0, 40, 80, 120, 160]);
    const total = 200 * DELAYS.length;
    expect(seen.get(0)! / total).toBeGreaterThan(0.4);
    expect(seen.get(0)! / total).toBeLessThan(0.6);
  });

  it('varies from seed to seed: every pattern of two delays comes up', () => {
    const patterns = new Set<string>();
    for (let seed = 0; seed < 100; seed++) patterns.add(choices(seed, [5, 8]).map((e) => (e > 0 ? 'held' : 'on time')).join('/'));
    expect([...patterns].sort()).toEqual(['held/held', 'held/on time', 'on time/held', 'on time/on time']);
  });

  it('files a held-back timer under a longer delay, and leaves others alone', () => {
    let seed = 0;
    while (choices(seed, [5])[0] === 0) seed++;
    startSchedule(seed);
    const timer = { _idleTimeout: 5 };
    holdBackTimer(timer);
    expect(timer._idleTimeout).toBe(5 + holdBack(5));
    const odd = { _idleTimeout: 'x' };
    holdBackTimer(odd);
    expect(odd._idleTimeout).toBe('x');
  });
});
