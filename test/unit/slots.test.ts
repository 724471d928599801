// Slot reuse: a finished flow's slot is taken over only by a flow that knows its end, and finished
// flows nobody learns of must not keep a known one from being found.
import { describe, expect, it } from 'vitest';
import { main, newEra, slotCount } from '../../src/runtime/context.js';
import { timeIn } from '../../src/runtime/clock.js';
import { fork } from './flows.js';

describe('slot reuse', () => {
  it('a flow continues the slot of a finished flow whose end it knows, never one it does not know', () => {
    newEra();
    const done = fork(main);
    done.prepareAccess();
    done.finish();
    const stranger = fork(main);
    stranger.prepareAccess();
    expect(stranger.slot).not.toBe(done.slot);
    const heir = fork(main);
    heir.acquire(done.stamp());
    heir.prepareAccess();
    expect(heir.slot).toBe(done.slot);
    expect(heir.time).toBe(done.time + 1);
  });

  it('finished flows nobody learns of do not hide one that is known', () => {
    newEra();
    // Forty finished flows that no later flow ever learns of, then one whose end every later flow knows.
    for (let i = 0; i < 40; i++) {
      const unknown = fork(main);
      unknown.prepareAccess();
      unknown.finish();
    }
    const known = fork(main);
    known.prepareAccess();
    known.finish();
    const before = slotCount();
    let reusedAfter = -1;
    for (let attempt = 0; attempt < 8 && reusedAfter < 0; attempt++) {
      const next = fork(main);
      next.acquire(known.stamp());
      next.prepareAccess();
      expect(timeIn(next.vc, known.slot)).toBe(known.time);
      if (next.slot === known.slot) reusedAfter = attempt;
    }
    // Each search looks at a few entries, from where the last one stopped: the known slot is found
    // within a few searches (from the oldest entry every time, it never was).
    expect(reusedAfter).toBeGreaterThanOrEqual(0);
    expect(slotCount() - before).toBe(reusedAfter);
  });
});
