import { describe, expect, it } from 'vitest';
import { EMPTY, type Stamp, clockOfStamp, happensBefore, join, joinStamp, timeIn, withTime } from '../../src/runtime/clock.js';

const stamp = (vc: number[], slot: number, time: number): Stamp => ({ vc, slot, time });

describe('vector clocks', () => {
  it('reads the time of a slot, 0 when unknown', () => {
    const vc = [0, 3, 4, 1, 9, 7];
    expect(timeIn(vc, 0)).toBe(3);
    expect(timeIn(vc, 4)).toBe(1);
    expect(timeIn(vc, 9)).toBe(7);
    expect(timeIn(vc, 5)).toBe(0);
    expect(timeIn(EMPTY, 2)).toBe(0);
  });

  it('reads wide clocks with a binary search', () => {
    const vc: number[] = [];
    for (let s = 0; s < 100; s++) vc.push(s * 2, s + 1);
    expect(timeIn(vc, 0)).toBe(1);
    expect(timeIn(vc, 98)).toBe(50);
    expect(timeIn(vc, 198)).toBe(100);
    expect(timeIn(vc, 99)).toBe(0);
  });

  it('joins pointwise and keeps slots sorted', () => {
    expect(join([0, 1, 2, 5], [1, 4, 2, 3])).toEqual([0, 1, 1, 4, 2, 5]);
    expect(join([3, 1], [0, 2])).toEqual([0, 2, 3, 1]);
  });

  it('returns an input unchanged when it already dominates (no allocation)', () => {
    const a = [0, 5, 1, 5];
    const b = [0, 4];
    expect(join(a, b)).toBe(a);
    expect(join(b, a)).toBe(a);
    expect(join(a, EMPTY)).toBe(a);
    expect(join(EMPTY, b)).toBe(b);
  });

  it('raises one slot without touching the input', () => {
    const vc = [1, 2];
    expect(withTime(vc, 0, 7)).toEqual([0, 7, 1, 2]);
    expect(withTime(vc, 1, 9)).toEqual([1, 9]);
    expect(withTime(vc, 1, 1)).toBe(vc);
    expect(withTime(vc, 3, 4)).toEqual([1, 2, 3, 4]);
    expect(vc).toEqual([1, 2]);
  });

  it('orders an access before an instant that knows its time', () => {
    const write = stamp([], 0, 3);
    expect(happensBefore(write, stamp([0, 3], 1, 1))).toBe(true);
    expect(happensBefore(write, stamp([0, 2], 1, 1))).toBe(false);
    // Program order: the same slot at a later time.
    expect(happensBefore(write, stamp([], 0, 4))).toBe(true);
    expect(happensBefore(stamp([], 0, 5), stamp([], 0, 4))).toBe(false);
    // An owner without a slot made no tracked access.
    expect(happensBefore(stamp([], -1, 0), stamp([], 2, 1))).toBe(true);
  });

  it('folds a stamp into a clock', () => {
    expect(clockOfStamp(stamp([0, 1], 2, 4))).toEqual([0, 1, 2, 4]);
    expect(joinStamp([0, 3], stamp([0, 1, 5, 2], 3, 1))).toEqual([0, 3, 3, 1, 5, 2]);
    expect(joinStamp([0, 3], null)).toEqual([0, 3]);
  });
});
