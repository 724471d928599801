// Held accesses: while one flow's synchronous stretch is the only one to touch an object, its reads and
// writes sit in the object's shadow, and turn into location records on the first access from another
// stretch. These tests compare those records with the ones the ordinary path makes, and check that a
// race whose first access was held is still reported.
import { beforeEach, describe, expect, it } from 'vitest';
import { AsyncContext, epoch, era, main, setCurrent } from '../../src/runtime/context.js';
import { config, onRead, onWrite } from '../../src/runtime/detect.js';
import { type Access, type EpochInfo, ObjectType, Shadow } from '../../src/runtime/shadow.js';
import { allReports } from '../../src/report/sink.js';
import { fork, quietSink, site as siteIn } from './flows.js';

const site = (): number => siteIn('file:///held.js');

function info(ctx: AsyncContext): EpochInfo {
  ctx.prepareAccess();
  return { id: epoch, ctx, seg: ctx.segment, slot: ctx.slot, time: ctx.time, vc: ctx.vc, timed: ctx.timed, via: ctx.awaitSite, era: era.id, seq: 0 };
}

const shape = (a: Access | null) => (a === null ? null : { site: a.site, kind: a.kind, atomic: a.atomic, observed: a.observed, window: a.window, polling: a.polling, slot: a.slot, time: a.time });

beforeEach(() => {
  config.strict = false;
  quietSink();
});

describe('held accesses', () => {
  for (const [name, steps] of [
    ['a read', ['r']],
    ['a write', ['w']],
    ['an update', ['u']],
    ['a read, then a write', ['r', 'w']],
    ['a read, then an update', ['r', 'u']],
  ] as const) {
    it(`${name} turns into the records the ordinary path makes`, () => {
      const t = fork(main);
      setCurrent(t);
      const sites = steps.map(() => site());
      const plain = new Shadow(Object.prototype, ObjectType.Plain, -1);
      const c = plain.cell('k');
      steps.forEach((s, i) => (s === 'r' ? onRead(c, sites[i], 'read') : onWrite(c, sites[i], s === 'u')));
      const held = new Shadow(Object.prototype, ObjectType.Plain, -1);
      const now = info(t);
      steps.forEach((s, i) => expect(s === 'r' ? held.holdRead('k', sites[i], now) : held.holdWrite('k', sites[i], s === 'u', now)).toBe(true));
      const h = held.cell('k');
      expect(shape(h.exRead)).toEqual(shape(c.exRead));
      expect(shape(h.exWrite)).toEqual(shape(c.exWrite));
      expect(h.last === null).toBe(c.last === null);
      expect([h.fastCtx, h.fastSeg, h.fastTime, h.fastWrite]).toEqual([c.fastCtx, c.fastSeg, c.fastTime, c.fastWrite]);
      setCurrent(main);
    });
  }

  it('a lost update whose first read was held is reported', () => {
    const before = allReports().length;
    const sh = new Shadow(Object.prototype, ObjectType.Plain, -1);
    const t1 = fork(main);
    const t2 = fork(main);
    setCurrent(t1);
    expect(sh.holdRead('balance', site(), info(t1))).toBe(true);
    setCurrent(t2);
    onRead(sh.cell('balance'), site(), 'read');
    t1.newSegment();
    setCurrent(t1);
    onWrite(sh.cell('balance'), site(), false);
    t2.newSegment();
    setCurrent(t2);
    onWrite(sh.cell('balance'), site(), false);
    setCurrent(main);
    expect(allReports().length - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });

  it('keyed collections and array non-index keys are never held', () => {
    const m = new Shadow(Map.prototype, ObjectType.Map, -1);
    const a = new Shadow(Array.prototype, ObjectType.Array, -1);
    const now = info(main);
    expect(m.holdRead('k', site(), now)).toBe(false);
    expect(a.holdRead('length', site(), now)).toBe(false);
    expect(a.holdRead(0, site(), now)).toBe(true);
  });
});

describe('held element reads', () => {
  it('a read of an element past the inline slots turns into the record the ordinary path makes', () => {
    const t = fork(main);
    setCurrent(t);
    const s = site();
    const plain = new Shadow(Array.prototype, ObjectType.Array, -1);
    for (const k of [0, 1, 2, 3]) plain.cell(k);
    const c = plain.cell(500);
    onRead(c, s, 'read');
    const held = new Shadow(Array.prototype, ObjectType.Array, -1);
    const now = info(t);
    expect(held.holdIndexRead(500, s, now, 1000)).toBe(true);
    // The same stretch reading it again adds nothing; the read's location is made when asked for.
    expect(held.coveredAt(500, now.id)).toBe(true);
    const h = held.cell(500);
    expect(shape(h.exRead)).toEqual(shape(c.exRead));
    expect([h.fastCtx, h.fastSeg, h.fastTime, h.fastWrite]).toEqual([c.fastCtx, c.fastSeg, c.fastTime, c.fastWrite]);
    expect(held.coveredAt(500, now.id)).toBe(false);
    setCurrent(main);
  });

  it('holds one stretch\'s reads per array, and only of elements that exist and have no location', () => {
    const t1 = fork(main);
    const t2 = fork(main);
    const sh = new Shadow(Array.prototype, ObjectType.Array, -1);
    setCurrent(t1);
    const first = info(t1);
    expect(sh.holdIndexRead(7, site(), first, 10)).toBe(true);
    expect(sh.holdIndexRead(10, site(), first, 10)).toBe(false);
    sh.cell(8);
    expect(sh.holdIndexRead(8, site(), first, 10)).toBe(false);
    t2.newSegment();
    setCurrent(t2);
    expect(sh.holdIndexRead(9, site(), info(t2), 10)).toBe(false);
    setCurrent(main);
    const m = new Shadow(Map.prototype, ObjectType.Map, -1);
    expect(m.holdIndexRead(1, site(), info(main), 10)).toBe(false);
  });

  it('a lost update on an element whose first read was held is reported', () => {
    const before = allReports().length;
    const sh = new Shadow(Array.prototype, ObjectType.Array, -1);
    const t1 = fork(main);
    const t2 = fork(main);
    setCurrent(t1);
    expect(sh.holdIndexRead(42, site(), info(t1), 100)).toBe(true);
    t2.newSegment();
    setCurrent(t2);
    onWrite(sh.cell(42), site(), false);
    t1.newSegment();
    setCurrent(t1);
    onWrite(sh.cell(42), site(), false);
    setCurrent(main);
    expect(allReports().length - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });
});
