// The detector caps the old generation's growth unless the command line chose its own.
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth, ownHeapGrowth } from '../../src/runtime/heap-growth.js';

describe('heap growth limit', () => {
  it('sets --heap-growing-percent when the command line has no growth setting', () => {
    const set: string[] = [];
    expect(limitHeapGrowth(['--import', 'racedetect/register', '--max-old-space-size=4096'], (f) => set.push(f))).toBe(true);
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it("keeps the program's own setting, in either spelling", () => {
    for (const argv of [['--heap-growing-percent=80'], ['--heap_growing_percent=10'], ['--heap-growing-percent', '80']]) {
      const set: string[] = [];
      expect(limitHeapGrowth(argv, (f) => set.push(f))).toBe(false);
      expect(set).toEqual([]);
    }
  });

  it('does not take a flag that only starts alike for the growth setting', () => {
    expect(ownHeapGrowth(['--heap-growing-percentage=3', '--no-heap-growing-percent'])).toBe(false);
  });
});
