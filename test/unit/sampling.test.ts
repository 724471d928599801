// Sampling eras on synthetic contexts: history from an earlier window is never compared, and flows
// whose origin the detector did not see record nothing, nor does anything that learns from them.
import { beforeEach, describe, expect, it } from 'vitest';
import { AsyncContext, current, depth, era, main, newEra, popContext, pushContext } from '../../src/runtime/context.js';
import { config, flushCandidates, onRead, onWrite } from '../../src/runtime/detect.js';
import { Cell } from '../../src/runtime/shadow.js';
import { allReports } from '../../src/report/sink.js';
import { as, fork, quietSink, site as siteIn } from './flows.js';

const site = (): number => siteIn('file:///sampling.js');

const count = (): number => allReports().length;

beforeEach(() => {
  config.strict = false;
  quietSink();
});

describe('sampling eras', () => {
  it('a lost update inside one window is reported', () => {
    newEra();
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    as(t1, () => onRead(L, site(), 'read'));
    as(t2, () => onRead(L, site(), 'read'));
    as(t1, () => onWrite(L, site(), false), true);
    as(t2, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(1);
  });

  it('forgets a window when the next one opens: a read before and a write after are not a window', () => {
    newEra();
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    as(t1, () => onRead(L, site(), 'read'));
    as(t2, () => onRead(L, site(), 'read'));
    as(t2, () => onWrite(L, site(), false), true);
    newEra();
    as(t1, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(0);
    // The flow that lived across the boundary got a slot of the new era.
    expect(t1.slot).toBeGreaterThanOrEqual(era.firstSlot);
  });

  it('a flow of unknown origin records nothing, and neither does a flow that learns from it', () => {
    newEra();
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const unseen = fork(main);
    unseen.markLegacy();
    expect(unseen.prepareAccess()).toBe(false);
    const learner = fork(main);
    expect(learner.prepareAccess()).toBe(true);
    learner.acquire(unseen.stamp());
    expect(learner.legacy()).toBe(true);
    expect(learner.prepareAccess()).toBe(false);
    const child = fork(learner);
    expect(child.legacy()).toBe(true);
    const other = fork(main);
    as(unseen, () => onRead(L, site(), 'read'));
    as(other, () => onWrite(L, site(), false));
    as(unseen, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(0);
  });

  it('code outside every callback in a window is of unknown origin, and so is a flow it resumes', () => {
    // An await that began while the detector was off resumes in a job V8 runs without a hook: no
    // callback context is pushed, and whatever ran outside must not pass for the main flow.
    newEra();
    expect(depth()).toBe(0);
    expect(current).not.toBe(main);
    expect(current.legacy()).toBe(true);
    expect(current.prepareAccess()).toBe(false);
    const resumed = fork(main);
    resumed.acquire(current.stamp());
    expect(resumed.legacy()).toBe(true);
    // A callback the hooks did see runs as itself, and the stack unwinds to the same unknown origin.
    const outside = current;
    const seen = fork(main);
    pushContext(seen);
    expect(current).toBe(seen);
    expect(seen.prepareAccess()).toBe(true);
    popContext();
    expect(current).toBe(outside);
  });

  it('judges no read as timing-dependent inside a window, at the read or at a later write', () => {
    // Whether a timed read is a poll's later check depends on checks the window may not have seen.
    const timedPair = (sampling: boolean): number => {
      newEra();
      const was = era.sampling;
      era.sampling = sampling;
      try {
        const before = count();
        const L = new Cell(null, undefined, 'module binding status');
        const writer = new AsyncContext('callback', main.forkClock());
        const reader = fork(main);
        const late = new AsyncContext('callback', main.forkClock());
        as(writer, () => onWrite(L, site(), false));
        writer.state = 'finished';
        reader.timed = true;
        // Sees the unordered writer's value, and could be seen before the late writer's.
        as(reader, () => onRead(L, site(), 'read'), true);
        reader.state = 'finished';
        flushCandidates(false);
        as(late, () => onWrite(L, site(), false));
        flushCandidates(false);
        return count() - before;
      } finally {
        era.sampling = was;
      }
    };
    expect(timedPair(false)).toBe(2);
    expect(timedPair(true)).toBe(0);
  });

  it('the mark belongs to one era: the next window tracks the same flow again', () => {
    newEra();
    const flow = fork(main);
    flow.markLegacy();
    expect(flow.prepareAccess()).toBe(false);
    newEra();
    expect(flow.legacy()).toBe(false);
    expect(flow.prepareAccess()).toBe(true);
  });
});

describe('switching the entry points', () => {
  it('swaps what __rd$ inherits, keeping one shape and only `k` of its own', async () => {
    const { api, setTracking } = await import('../../src/runtime/access.js');
    const tracked = Object.getPrototypeOf(api) as Record<string, unknown>;
    try {
      setTracking(false);
      const idle = Object.getPrototypeOf(api) as Record<string, unknown>;
      expect(idle).not.toBe(tracked);
      // Same keys in the same order: V8 sees one shape for both, and every entry point exists in both.
      expect(Object.keys(idle)).toEqual(Object.keys(tracked));
      expect(Object.keys(api)).toEqual(['k']);
      const o = { a: 1 };
      expect(api.r(o, 'a', site())).toBe(o);
      // Idle keyed entry points leave the key's conversion to the engine.
      api.rk(o, '7', site());
      expect(api.k).toBe('7');
      setTracking(true);
      expect(Object.getPrototypeOf(api)).toBe(tracked);
      // Tracked ones convert it once, to the number the engine would use as an index.
      api.rk([1, 2], '1', site());
      expect(api.k).toBe(1);
    } finally {
      setTracking(true);
    }
  });
});
