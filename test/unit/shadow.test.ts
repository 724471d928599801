// Where a shadow keeps its per-key locations: four inline slots, then an index table for the numeric
// keys of plain objects and arrays, then a Map; a weak collection's object keys apart, held weakly.
// Whichever holds a key, the same key must always find the same location, deletes must forget it once
// deleted keys dominate, and clear() must delete every key without keeping more than two fillings.
import { beforeEach, describe, expect, it } from 'vitest';
import { main, setCurrent } from '../../src/runtime/context.js';
import { config } from '../../src/runtime/detect.js';
import { ObjectType, Shadow, weakable } from '../../src/runtime/shadow.js';
import { fork, quietSink, site } from './flows.js';

beforeEach(() => {
  config.strict = false;
  quietSink();
});

describe('shadow locations', () => {
  it('an array keeps one location per index past the inline slots, and a Map key 3 is not index 3', () => {
    const arr = new Shadow(Array.prototype, ObjectType.Array, -1);
    const cells = Array.from({ length: 40 }, (_, i) => arr.cell(i));
    expect(new Set(cells).size).toBe(40);
    for (let i = 0; i < 40; i++) expect(arr.cell(i)).toBe(cells[i]);
    // A sparse index far past the others has its own location too.
    const far = arr.cell(4_000_000_000);
    expect(arr.cell(4_000_000_000)).toBe(far);
    expect(arr.allCells()).toHaveLength(41);
    // A string key of an array (not an index) lives apart from the indices.
    expect(arr.cell('name')).not.toBe(arr.cell(5));

    const map = new Shadow(Map.prototype, ObjectType.Map, -1);
    const byNumber = Array.from({ length: 10 }, (_, i) => map.cell(i - 3));
    expect(map.cell(-3)).toBe(byNumber[0]);
    expect(map.cell(1.5)).not.toBe(map.cell(1));
    expect(map.cell('3')).not.toBe(map.cell(3));
  });

  it('deleted indices are forgotten once they outnumber the live ones', () => {
    const arr = new Shadow(Array.prototype, ObjectType.Array, -1);
    const cells = Array.from({ length: 100 }, (_, i) => arr.cell(i));
    for (let i = 0; i < 60; i++) arr.removeCell(i);
    // The 51st delete outnumbered the live keys: indices 0-50 were forgotten (marked removed), and an
    // index among them gets a fresh location. 51-59 are deleted since and kept until the next sweep.
    expect(cells[10].removed).toBe(true);
    expect(cells[55].removed).toBe(false);
    expect(cells[70].removed).toBe(false);
    expect(arr.cell(10)).not.toBe(cells[10]);
    expect(arr.cell(55)).toBe(cells[55]);
    expect(arr.cell(70)).toBe(cells[70]);
    expect(arr.allCells()).toHaveLength(9 + 40 + 1);
  });

  it('clear() deletes every key: a key set again finds its location, and the next clear forgets the rest', () => {
    const map = new Shadow(Map.prototype, ObjectType.Map, -1);
    const cells = Array.from({ length: 100 }, (_, i) => map.cell(`k${i}`));
    map.clear();
    expect(cells.every((c) => c.deleted > 0 && !c.removed)).toBe(true);
    // A check before the clear and a set after it meet in one location.
    expect(map.cell('k7')).toBe(cells[7]);
    expect(cells[7].deleted).toBe(0);
    const later = Array.from({ length: 50 }, (_, i) => map.cell(`n${i}`));
    expect(map.allCells()).toHaveLength(150);
    // The next clear forgets what the last one deleted and nobody used again: a Map refilled with new
    // keys and cleared over and over keeps at most two fillings' locations.
    map.clear();
    expect(cells[3].removed).toBe(true);
    expect(cells[7].removed).toBe(false);
    expect(later[0].deleted).toBeGreaterThan(0);
    expect(map.allCells()).toHaveLength(51);
    expect(map.cell('k3')).not.toBe(cells[3]);
    // A few deleted keys are kept through a clear, as they are through deletes.
    const small = new Shadow(Set.prototype, ObjectType.Set, -1);
    const a = small.cell('a');
    small.cell('b');
    small.removeCell('a');
    small.clear();
    expect(a.removed).toBe(false);
    expect(small.cell('a')).toBe(a);
  });

  it("a weak collection's object keys have locations held as weakly as the keys, kept through delete", () => {
    const weak = new Shadow(WeakMap.prototype, ObjectType.Weak, -1);
    const keys = Array.from({ length: 6 }, (_, i) => ({ i }));
    const cells = keys.map((k) => weak.cell(k));
    expect(new Set(cells).size).toBe(6);
    for (let i = 0; i < 6; i++) expect(weak.cell(keys[i])).toBe(cells[i]);
    // None of them sits in the inline slots or the Map, which hold keys strongly.
    expect(weak.allCells()).toHaveLength(0);
    expect(weak.cells).toBe(null);
    weak.removeCell(keys[2]);
    expect(weak.cell(keys[2])).toBe(cells[2]);
    expect(cells[2].removed).toBe(false);
    // A symbol can be a weak key unless it is registered; property keys (`delete wm.x`) are not weak.
    const sym = Symbol('k');
    expect(weak.cell(sym)).toBe(weak.cell(sym));
    expect(weak.cell('name')).toBe(weak.cell('name'));
    expect(weak.allCells()).toHaveLength(weakable(sym) ? 1 : 2);
    expect(weakable(Symbol.for('registered'))).toBe(false);
    expect(weakable(() => 1)).toBe(true);
    expect(weakable(null)).toBe(false);
  });

  it('a deleted object key keeps its location while the key lives, weakly, and gets it back when set again', () => {
    const map = new Shadow(Map.prototype, ObjectType.Map, -1);
    const keys = Array.from({ length: 6 }, (_, i) => ({ i }));
    const cells = keys.map((k) => map.cell(k));
    map.removeCell(keys[0]); // an inline slot
    map.removeCell(keys[5]); // the Map
    expect(map.allCells()).toHaveLength(4);
    expect(cells[0].deleted).toBeGreaterThan(0);
    // An LRU refresh: delete, then set again - the same location, history and all.
    expect(map.cell(keys[0])).toBe(cells[0]);
    expect(cells[0].deleted).toBe(0);
    expect(map.cell(keys[5])).toBe(cells[5]);
    expect(map.allCells()).toHaveLength(6);
    // clear() forgets object keys deleted before it, and keeps the ones it deletes itself.
    map.removeCell(keys[2]);
    map.clear();
    expect(map.cell(keys[2])).not.toBe(cells[2]);
    expect(map.cell(keys[1])).toBe(cells[1]);
    expect(map.cell(keys[5])).toBe(cells[5]);
  });

  it('remembers per inline key whether the running epoch read or wrote it; a write alone does not cover a later read', () => {
    const sh = new Shadow(Object.prototype, ObjectType.Plain, -1);
    sh.cell('a');
    sh.cell('b');
    expect([sh.coveredAt('a', 7), sh.writeCoveredAt('a', 7)]).toEqual([false, false]);
    sh.cover('a', 7);
    expect([sh.coveredAt('a', 7), sh.writeCoveredAt('a', 7)]).toEqual([true, false]);
    sh.coverWrite('a', 7);
    // The location record decides whether the flow read it in this stretch (detect.ts readInStretch).
    expect([sh.coveredAt('a', 7), sh.writeCoveredAt('a', 7)]).toEqual([false, true]);
    // A read recorded after the write: the next write is recorded again (it makes that read atomic).
    sh.cover('a', 7);
    expect([sh.coveredAt('a', 7), sh.writeCoveredAt('a', 7)]).toEqual([true, false]);
    // Another epoch knows nothing; another key was never touched.
    expect([sh.coveredAt('a', 8), sh.writeCoveredAt('a', 8)]).toEqual([false, false]);
    expect([sh.coveredAt('b', 7), sh.writeCoveredAt('b', 7)]).toEqual([false, false]);
    // A key past the inline slots is never answered here.
    expect(sh.coveredAt('z', 7)).toBe(false);
  });

  it('a shadow stops holding accesses once a key spills out of the inline slots', () => {
    const t = fork(main);
    setCurrent(t);
    t.prepareAccess();
    const arr = new Shadow(Array.prototype, ObjectType.Array, -1);
    expect(arr.holds).toBe(true);
    for (let i = 0; i < 4; i++) arr.cell(i);
    expect(arr.holds).toBe(true);
    arr.cell(4);
    expect(arr.holds).toBe(false);
    const info = { id: 1, ctx: t, seg: t.segment, slot: t.slot, time: t.time, vc: t.vc, timed: false, via: -1, era: 0, seq: 0 };
    expect(arr.holdRead(9, site('file:///shadow.js'), info)).toBe(false);
    setCurrent(main);
  });
});
