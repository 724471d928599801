// The ring a location's history becomes once full, against a plain list kept in order by shifting.
import { describe, expect, it } from 'vitest';
import { History } from '../../src/runtime/history.js';
import type { Access } from '../../src/runtime/shadow.js';
import { prng } from './prng.js';

const rec = (n: number): Access => ({ n }) as unknown as Access;

/** Element-wise identity of two lists of tuples (expect's deep equality is too slow per step). */
function same(a: unknown[][], b: unknown[][]): boolean {
  return a.length === b.length && a.every((t, i) => t.length === b[i].length && t.every((x, j) => x === b[i][j]));
}

describe('History', () => {
  it('keeps records, contexts and flags in order through adds, removals and wrap-arounds', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = prng(seed);
      const limit = 1 + Math.floor(rnd() * 8);
      const h = new History(limit);
      const model: { a: Access; ctx: object; flag: boolean }[] = [];
      const contexts = Array.from({ length: 12 }, () => ({}));
      for (let step = 0; step < 200; step++) {
        const r = rnd();
        if (r < 0.6) {
          const entry = { a: rec(step), ctx: contexts[Math.floor(rnd() * contexts.length)], flag: rnd() < 0.5 };
          // One record per context, as the detector keeps them: a context's earlier one goes first.
          const own = model.findIndex((m) => m.ctx === entry.ctx);
          if (own >= 0) {
            h.remove(own);
            model.splice(own, 1);
          }
          const oldest = h.oldestIfFull();
          expect(oldest).toBe(model.length >= limit ? model[0].a : null);
          h.add(entry.a, entry.ctx, entry.flag);
          if (model.length >= limit) model.shift();
          model.push(entry);
        } else if (r < 0.8 && model.length > 0) {
          const i = Math.floor(rnd() * model.length);
          h.remove(i);
          model.splice(i, 1);
        } else if (model.length > 0) {
          const i = Math.floor(rnd() * model.length);
          h.clearReportable(i);
          model[i].flag = false;
        }
        expect(h.index.length).toBe(h.length * 2);
        const seen = Array.from({ length: h.length }, (_, i) => [h.record(i), h.context(i), h.reportable(i)]);
        if (!same(seen, model.map((m) => [m.a, m.ctx, m.flag]))) expect(seen).toEqual(model.map((m) => [m.a, m.ctx, m.flag]));
        const found = contexts.map((ctx) => h.find(ctx));
        const expected = contexts.map((ctx) => model.findIndex((m) => m.ctx === ctx));
        if (!same([found], [expected])) expect(found).toEqual(expected);
      }
    }
  });

  it('replaces the oldest record in place once full: no array grows or shifts', () => {
    const h = new History(4);
    const ctx = {};
    for (let i = 0; i < 4; i++) h.add(rec(i), ctx, false);
    const records = h.records;
    h.add(rec(4), ctx, true);
    expect(h.records).toBe(records);
    expect(h.records.map((a) => (a as unknown as { n: number }).n)).toEqual([4, 1, 2, 3]);
    expect(h.record(0)).toEqual(rec(1));
    expect(h.record(3)).toEqual(rec(4));
    expect(h.reportable(3)).toBe(true);
  });
});
