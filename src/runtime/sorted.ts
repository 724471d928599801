// Searching sorted tables of offsets: line starts in a source file (the instrumenter), first sites of
// registered files (sites.ts).

/** The index of the last entry of the ascending, non-empty `sorted` that is at most `x` (0 if none is). */
export function lastAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
