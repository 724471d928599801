import { describe, expect, it } from 'vitest';
import { EMPTY, type Clock, type Stamp, clockOf, clockOfStamp, entries, happensBefore, join, joinStamp, joinStamps, setSlotFloor, timeIn, withOwnTime, withTime } from '../../src/runtime/clock.js';

const c = clockOf;
const stamp = (vc: number[], slot: number, time: number): Stamp => ({ vc: clockOf(vc), slot, time });
const flat = (vc: Clock): number[] => [...entries(vc)];

describe('vector clocks', () => {
  it('reads the time of a slot, 0 when unknown', () => {
    const vc = c([0, 3, 4, 1, 9, 7]);
    expect(timeIn(vc, 0)).toBe(3);
    expect(timeIn(vc, 4)).toBe(1);
    expect(timeIn(vc, 9)).toBe(7);
    expect(timeIn(vc, 5)).toBe(0);
    expect(timeIn(EMPTY, 2)).toBe(0);
  });

  it('reads wide clocks with a binary search', () => {
    const e: number[] = [];
    for (let s = 0; s < 100; s++) e.push(s * 2, s + 1);
    const vc = c(e);
    expect(timeIn(vc, 0)).toBe(1);
    expect(timeIn(vc, 98)).toBe(50);
    expect(timeIn(vc, 198)).toBe(100);
    expect(timeIn(vc, 99)).toBe(0);
  });

  it('joins pointwise and keeps slots sorted', () => {
    expect(flat(join(c([0, 1, 2, 5]), c([1, 4, 2, 3])))).toEqual([0, 1, 1, 4, 2, 5]);
    expect(flat(join(c([3, 1]), c([0, 2])))).toEqual([0, 2, 3, 1]);
  });

  it('returns an input unchanged when it already dominates (no allocation)', () => {
    const a = c([0, 5, 1, 5]);
    const b = c([0, 4]);
    expect(join(a, b)).toBe(a);
    expect(join(b, a)).toBe(a);
    expect(join(a, EMPTY)).toBe(a);
    expect(join(EMPTY, b)).toBe(b);
  });

  it('raises one slot without touching the input', () => {
    const vc = c([1, 2]);
    expect(flat(withTime(vc, 0, 7))).toEqual([0, 7, 1, 2]);
    expect(flat(withTime(vc, 1, 9))).toEqual([1, 9]);
    expect(withTime(vc, 1, 1)).toBe(vc);
    expect(flat(withTime(vc, 3, 4))).toEqual([1, 2, 3, 4]);
    expect(flat(vc)).toEqual([1, 2]);
  });

  it("adds a flow's own component as withTime does, whatever the base and delta hold", () => {
    const e: number[] = [];
    for (let slot = 0; slot < 400; slot++) e.push(slot, 3);
    const base = c(e);
    for (const vc of [c([1, 2]), base, withTime(base, 7, 9), withTime(withTime(base, 402, 1), 405, 2)]) {
      for (const [slot, time] of [[0, 7], [1, 9], [7, 10], [402, 5], [403, 1], [999, 4]]) {
        if (timeIn(vc, slot) >= time) continue; // a flow's clock knows less of its own slot
        expect(flat(withOwnTime(vc, slot, time))).toEqual(flat(withTime(vc, slot, time)));
      }
    }
    const vc = withTime(base, 7, 9);
    expect(withOwnTime(vc, 7, 9)).toBe(vc);
    expect(withOwnTime(vc, -1, 3)).toBe(vc);
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
    expect(flat(clockOfStamp(stamp([0, 1], 2, 4)))).toEqual([0, 1, 2, 4]);
    expect(flat(joinStamp(c([0, 3]), stamp([0, 1, 5, 2], 3, 1)))).toEqual([0, 3, 3, 1, 5, 2]);
    expect(flat(joinStamp(c([0, 3]), null))).toEqual([0, 3]);
  });
});

describe('wide clocks share a base', () => {
  // A fan-out: one wide clock, then many forks that each add their own slot.
  const wide = (n: number, t = 1): Clock => {
    const e: number[] = [];
    for (let s = 0; s < n; s++) e.push(s, t);
    return c(e);
  };
  /** A slow reference join over plain maps. */
  const reference = (...cs: Clock[]): number[] => {
    const m = new Map<number, number>();
    for (const x of cs) {
      const e = entries(x);
      for (let i = 0; i < e.length; i += 2) m.set(e[i], Math.max(m.get(e[i]) ?? 0, e[i + 1]));
    }
    return [...m].sort((a, b) => a[0] - b[0]).flat();
  };

  it('forks of one clock keep its base and carry only their own slots', () => {
    const root = wide(3000);
    const a = withTime(root, 5000, 1);
    const b = withTime(root, 5001, 2);
    expect(a.base).toBe(root.base);
    expect(a.delta).toEqual([5000, 1]);
    const ab = join(a, b);
    expect(ab.base).toBe(root.base);
    expect(ab.delta).toEqual([5000, 1, 5001, 2]);
    expect(flat(ab)).toEqual(reference(a, b));
  });

  it('folds a long delta into a new base that covers the old one', () => {
    const root = wide(1000);
    let vc = root;
    for (let s = 2000; s < 2100; s++) vc = withTime(vc, s, 1);
    expect(vc.base).not.toBe(root.base);
    expect(vc.base.covers).toContain(root.base.id);
    expect(timeIn(vc, 2099)).toBe(1);
    expect(timeIn(vc, 999)).toBe(1);
    // A fork of the old base is absorbed without comparing bases, and the result is still exact.
    const old = withTime(root, 3, 9);
    const j = join(vc, old);
    expect(j.base).toBe(vc.base);
    expect(flat(j)).toEqual(reference(vc, old));
  });

  it('folds a delta on a narrow base early, and one on a wide base late', () => {
    // 45 flows, each raising its own slot: on the empty base the clock is folded long before 45
    // pairs, so a further change copies a short delta instead of all of them.
    let narrow: Clock = EMPTY;
    for (let s = 0; s < 45; s++) narrow = withTime(narrow, s, 1);
    expect(narrow.delta.length).toBeLessThanOrEqual(2 * 16);
    expect(narrow.base.entries.length).toBeGreaterThan(0);
    expect(flat(narrow)).toEqual(Array.from({ length: 90 }, (_, i) => (i % 2 === 0 ? i / 2 : 1)));
    const next = withTime(narrow, 44, 2);
    expect(next.base).toBe(narrow.base);
    expect(timeIn(next, 44)).toBe(2);
    expect(timeIn(next, 0)).toBe(1);
    // On a 3000-slot base, folding costs a merge of 3000 entries: deltas grow to 48 pairs first.
    const root = wide(3000);
    let vc = root;
    for (let s = 5000; s < 5040; s++) vc = withTime(vc, s, 1);
    expect(vc.base).toBe(root.base);
    expect(vc.delta.length).toBe(80);
    for (let s = 5040; s < 5060; s++) vc = withTime(vc, s, 1);
    expect(vc.base).not.toBe(root.base);
    expect(flat(vc)).toEqual(reference(root, c(Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? 5000 + i / 2 : 1)))));
  });

  it('joins clocks with unrelated bases exactly', () => {
    const a = c(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? i : 3)));
    const b = c(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? i + 1 : 4)));
    expect(flat(join(a, b))).toEqual(reference(a, b));
    expect(flat(join(b, a))).toEqual(reference(a, b));
  });

  it('joins stamps exactly, however wide, in a simulation of flows that fork, advance and learn from each other', () => {
    // Each flow keeps its clock two ways: the real one, and a plain slot -> time map joined the naive
    // way. As real flows do, a flow learns without its own time advancing, so two stamps of one flow
    // at one time may differ.
    for (let seed = 1; seed <= 20; seed++) {
      let x = seed * 2654435761;
      const rand = (n: number): number => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) % n;
      };
      interface Flow { vc: Clock; slot: number; time: number; model: Map<number, number> }
      const flows: Flow[] = [{ vc: EMPTY, slot: 0, time: 1, model: new Map() }];
      const asMap = (f: Flow): Map<number, number> => new Map([...f.model, [f.slot, f.time]]);
      for (let step = 0; step < 600; step++) {
        const op = rand(3);
        const f = flows[rand(flows.length)];
        if (op === 0 && flows.length < 150) {
          flows.push({ vc: clockOfStamp(f), slot: flows.length, time: 1, model: asMap(f) });
        } else if (op === 1) {
          f.time++;
        } else {
          const g = flows[rand(flows.length)];
          if (g === f) continue;
          f.vc = joinStamp(f.vc, { vc: g.vc, slot: g.slot, time: g.time });
          for (const [s, t] of asMap(g)) if (s !== f.slot && t > (f.model.get(s) ?? 0)) f.model.set(s, t);
        }
        const expected = [...f.model].filter(([s]) => s !== f.slot).sort((p, q) => p[0] - q[0]).flat();
        expect(flat(f.vc).filter((_, i, e) => (i % 2 === 0 ? e[i] !== f.slot : e[i - 1] !== f.slot))).toEqual(expected);
      }
    }
  });

  it('joins of many stamps leave out the slots of sampling windows that are over, and size their scratch space from the floor', () => {
    // Sampling: each window's slots start above every earlier window's, so slot numbers grow for the
    // whole run. A join indexed its scratch array by slot number, so it grew with them.
    const floor = 50_000_000;
    const stamps: Stamp[] = [];
    for (let i = 0; i < 8; i++) stamps.push({ vc: clockOf([7, 3, floor + i, 2]), slot: floor + 10 + i, time: 4 });
    const before = process.memoryUsage().arrayBuffers;
    setSlotFloor(floor);
    try {
      const joined = flat(joinStamps(EMPTY, stamps));
      const pairwise = flat(stamps.reduce((v: Clock, st) => joinStamp(v, st), EMPTY));
      expect(joined).toEqual(pairwise.filter((_, i, e) => e[i - (i % 2)] >= floor));
      expect(joined.filter((_, i) => i % 2 === 0).every((slot) => slot >= floor)).toBe(true);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    } finally {
      setSlotFloor(0);
    }
  });

  it('joins many stamps at once, as pairwise joins would', () => {
    const root = wide(500, 2);
    const stamps: Stamp[] = [];
    for (let i = 0; i < 300; i++) stamps.push({ vc: withTime(root, i % 7, 3 + (i % 5)), slot: 1000 + i, time: i + 1 });
    stamps.push({ vc: wide(600, 1), slot: -1, time: 0 }); // an unrelated base
    let pairwise: Clock = EMPTY;
    for (const st of stamps) pairwise = joinStamp(pairwise, st);
    const many = joinStamps(EMPTY, stamps);
    expect(flat(many)).toEqual(flat(pairwise));
    expect(flat(joinStamps(EMPTY, stamps.slice(0, 3)))).toEqual(flat(stamps.slice(0, 3).reduce((v: Clock, st) => joinStamp(v, st), EMPTY)));
  });

  it('joins many stamps whose slots lie close together (listed by a walk) or far apart (sorted) alike', () => {
    for (const spacing of [1, 3, 1000]) {
      const stamps: Stamp[] = [];
      // Out of slot order, some slots twice, one with time 0 (it adds nothing).
      for (let i = 0; i < 40; i++) stamps.push({ vc: EMPTY, slot: 5 + ((i * 17) % 40) * spacing, time: (i % 6) + 1 });
      stamps.push({ vc: EMPTY, slot: 5 + 41 * spacing, time: 0 });
      stamps.push({ vc: clockOf([5, 9, 5 + 2 * spacing, 1]), slot: -1, time: 0 });
      const pairwise = stamps.reduce((v: Clock, st) => joinStamp(v, st), EMPTY);
      expect(flat(joinStamps(EMPTY, stamps))).toEqual(flat(pairwise));
    }
  });
});
