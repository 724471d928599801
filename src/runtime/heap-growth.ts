// The old generation's growth between major collections. V8 sizes the next limit from how fast the
// program allocates against how fast the collector runs, up to four times what survived the last
// collection. Under the detector a program allocates several times faster (shadows, histories,
// contexts, clocks), so V8 picks the largest factors and most of the committed heap is garbage
// waiting for a collection: the LRU benchmark's old space held 63 MB for 27 MB live, the promise
// fan-out's peak RSS was 2.7x its plain run's. A fixed 50% keeps the limit near what is live (peak RSS
// 1.7x and 1.9x) for a few more major collections: +0-7% time on the benchmarks (docs/performance.md).
// The flag is read at every collection, so setting it after start-up takes effect; a program started
// with its own --heap-growing-percent keeps it. Not under sampling, where the detector is off most of
// the time and the heap is the program's own.

import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

const OWN_SETTING = /^--heap[-_]growing[-_]percent(=|$)/;

/** Whether the process was started with its own growth setting (V8 flags come only from the command line). */
export function ownHeapGrowth(execArgv: readonly string[]): boolean {
  return execArgv.some((a) => OWN_SETTING.test(a));
}

/** Caps the old generation's growth, unless the command line set it. Returns whether it did. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = v8.setFlagsFromString): boolean {
  if (ownHeapGrowth(execArgv)) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
