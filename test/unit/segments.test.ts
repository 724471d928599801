// What a flow learns from an event-loop segment it joins (context.ts joinSegment): the segment's end
// clock with its own component, kept apart for a segment that ran one flow.
import { describe, expect, it } from 'vitest';
import { type Clock, EMPTY, clockOf, entries, joinStamp, timeIn, withTime } from '../../src/runtime/clock.js';
import { OuterSegment, joinSegment, segmentStamp } from '../../src/runtime/context.js';
import { prng } from './prng.js';

function randomClock(next: () => number): Clock {
  const e: number[] = [];
  for (let slot = 0; slot < 12; slot++) if (next() < 0.5) e.push(slot, 1 + Math.floor(next() * 9));
  return clockOf(e);
}

function ended(end: Clock, slot: number, time: number): OuterSegment {
  const seg = new OuterSegment();
  seg.end = end;
  seg.endSlot = slot;
  seg.endTime = time;
  return seg;
}

describe('joining an ended segment', () => {
  it('learns its clock and its own component, as joining the stamp of its one flow would', () => {
    const next = prng(7);
    for (let i = 0; i < 500; i++) {
      const vc = next() < 0.2 ? EMPTY : randomClock(next);
      const slot = next() < 0.2 ? -1 : Math.floor(next() * 14);
      const seg = ended(randomClock(next), slot, 1 + Math.floor(next() * 12));
      const expected = [...entries(joinStamp(vc, { vc: seg.end!, slot, time: seg.endTime }))];
      // Another flow (slot 99), and a flow joining it twice: the same answer, the clock made once.
      expect([...entries(joinSegment(vc, seg, 99))]).toEqual(expected);
      expect([...entries(joinSegment(vc, seg))]).toEqual(expected);
      expect([...entries(segmentStamp(seg).vc)]).toEqual([...entries(seg.end!)]);
    }
  });

  it("leaves out the own component when the joining flow is the segment's flow, which knows its own times", () => {
    const vc = clockOf([0, 3, 2, 1]);
    const seg = ended(clockOf([0, 2, 1, 4]), 5, 7);
    const joined = joinSegment(vc, seg, 5);
    expect(timeIn(joined, 5)).toBe(0);
    expect([...entries(joined)]).toEqual([0, 3, 1, 4, 2, 1]);
    // A clock that already knows all of it comes back as it is: nothing allocated.
    const knows = withTime(clockOf([0, 3, 1, 4, 2, 1]), 5, 7);
    expect(joinSegment(knows, seg, 8)).toBe(knows);
  });

  it('makes the clock of a segment once for all the flows that start from it', () => {
    const seg = ended(clockOf([0, 2]), 3, 4);
    const first = joinSegment(EMPTY, seg);
    expect([...entries(first)]).toEqual([0, 2, 3, 4]);
    expect(joinSegment(EMPTY, seg)).toBe(first);
  });
});
