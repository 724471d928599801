// The timeline a race gets with html=FILE, on synthetic flows: lanes for the contexts involved, the
// accesses in their segments, the edges the trace recorded, and the one edge whose absence is the race.
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AsyncContext, main } from '../../src/runtime/context.js';
import { config, flushCandidates, onRead, onWrite } from '../../src/runtime/detect.js';
import { Cell } from '../../src/runtime/shadow.js';
import { startTracing, traceFor } from '../../src/runtime/trace.js';
import { allReports, configureSink, reportTimeline } from '../../src/report/sink.js';
import type { Timeline } from '../../src/report/timeline.js';
import { as, fork, site } from './flows.js';
import { tempDir } from '../temp.js';

beforeAll(() => {
  const dir = tempDir('racedetect-unit-');
  configureSink({ format: 'json', logPath: path.join(dir, 'races'), haltOnError: false, exitcode: 66, redact: false, suppressions: null, html: path.join(dir, 'races.html') });
  startTracing(main);
});

beforeEach(() => {
  config.strict = false;
});

/** The timeline of the one race `fn` reports. */
function timelineOf(fn: () => void): Timeline {
  const before = allReports().length;
  fn();
  flushCandidates(true);
  expect(allReports().length - before).toBe(1);
  const t = reportTimeline(allReports().at(-1)!);
  expect(t).toBeTruthy();
  return t!;
}

function roles(t: Timeline): Record<string, { op: string; lane: number; seg: number; at: number }> {
  return Object.fromEntries(t.accesses.map((a) => [a.role, a]));
}

describe('timelines', () => {
  it('a lost update whose other write fell inside the window: the missing edge runs from that write to the read', () => {
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    const t = timelineOf(() => {
      as(t1, () => onRead(L, site(), 'read'));
      as(t2, () => onRead(L, site(), 'read'));
      as(t2, () => onWrite(L, site(), false), true);
      as(t1, () => onWrite(L, site(), false), true);
    });
    const a = roles(t);
    expect(a.current).toMatchObject({ op: 'Write', lane: 0, seg: 1 });
    expect(a.previous).toMatchObject({ op: 'Write', lane: 1, seg: 1 });
    expect(a.window).toMatchObject({ op: 'Read', lane: 0, seg: 0 });
    expect(t.missing.from).toBe('previous');
    expect(t.missing.to).toBe('window');
    expect(t.missing.text).toBe(`missing happens-before: async context ${t2.id}'s write at /unit.js:${t.accesses[1].line}:1 → async context ${t1.id}'s read at /unit.js:${t.accesses[2].line}:1`);
    // The two racing lanes, then the main flow that started both (a fork edge into each window).
    expect(t.lanes.map((l) => [l.label, l.racing])).toEqual([
      [`async context ${t1.id}`, true],
      [`async context ${t2.id}`, true],
      [main.id > 0 ? `async context ${main.id}` : 'main flow', false],
    ]);
    expect(t.edges.filter((e) => e.kind === 'fork').map((e) => [e.from.lane, e.to.lane, e.to.seg])).toEqual(expect.arrayContaining([
      [2, 0, 0],
      [2, 1, 0],
    ]));
    // Each access lies in its segment, on a common axis that shows them all.
    for (const x of t.accesses) {
      const span = t.lanes[x.lane].spans.find((s) => s.seg === x.seg)!;
      expect(x.at).toBeGreaterThanOrEqual(span.start);
      expect(x.at).toBeLessThanOrEqual(span.end);
      expect(x.at).toBeGreaterThanOrEqual(t.start);
      expect(x.at).toBeLessThanOrEqual(t.end);
    }
    expect(a.window.at).toBeLessThan(a.previous.at);
    expect(a.previous.at).toBeLessThan(a.current.at);
  });

  it('a write after another flow completed its window: the missing edge runs from the write-back to that write', () => {
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    const t = timelineOf(() => {
      as(t1, () => onRead(L, site(), 'read'));
      as(t1, () => onWrite(L, site(), false), true);
      as(t2, () => onWrite(L, site(), false));
    });
    expect(t.missing).toMatchObject({ from: 'previous', to: 'current' });
    const a = roles(t);
    expect(a.current.lane).toBe(0);
    expect(a.previous.lane).toBe(1);
    expect(a.window.lane).toBe(1);
  });

  it('a timing-dependent read: from the write to the read', () => {
    const L = new Cell(null, undefined, 'module binding settings');
    const writer = fork(main);
    const reader = new AsyncContext('callback', main.forkClock());
    reader.timed = true;
    const t = timelineOf(() => {
      as(writer, () => onWrite(L, site(), false));
      as(reader, () => onRead(L, site(), 'read'));
    });
    expect(t.missing).toMatchObject({ from: 'previous', to: 'current' });
    expect(roles(t).current.op).toBe('Read');
    expect(t.lanes[0].detail).toBe('timer callback');
    expect(t.accesses).toHaveLength(2);
  });

  it('strict: from the previous access to this one', () => {
    config.strict = true;
    const L = new Cell(null, undefined, 'module binding n');
    const a = fork(main);
    const b = fork(main);
    const t = timelineOf(() => {
      as(a, () => onWrite(L, site(), false));
      as(b, () => onWrite(L, site(), false));
    });
    expect(t.missing).toMatchObject({ from: 'previous', to: 'current' });
  });

  it('keeps a bounded number of segments per flow', () => {
    const flow = fork(main);
    as(flow, () => undefined);
    for (let i = 0; i < 100; i++) as(flow, () => undefined, true);
    const spans = traceFor(flow)!.lane.spans;
    expect(spans.length).toBeLessThanOrEqual(32);
    expect(spans.at(-1)!.seg).toBe(100);
  });
});
