// Sampling for production repros (after Pacer): the detector runs in windows that cover `sample_rate`
// of the time, and between them it is off - no promise or async hooks, and every entry point of
// instrumented code does nothing - so the program runs at full speed.
//
// Each window edge costs a fixed price: V8 deoptimizes the program's hot code when the entry points
// change, and optimizes it again (on the HTTP benchmark about half a second of throughput for the
// first window and a quarter for later ones, whatever the window's length; after the first switch
// the server also stayed ~3% slower, even when the switch was to identical idle entry points).
// Windows are therefore long and rare (250 ms by default, every 25 s at sample_rate=0.01) rather
// than short and frequent.
//
// What a window can and cannot see. Each window is a new era (context.ts): history from earlier
// windows is never compared, so no race is reported from accesses the detector did not order. A flow
// that started while the detector was off (a timer or a promise reaction it never saw created or
// settled) may miss happens-before edges, so its accesses are not recorded, nor those of any flow
// that learns from it. I/O callbacks (a keep-alive socket's next request) have no queue order to miss
// and are tracked from their first event in the window. A race is reported when both of its accesses,
// and the read that opens a lost update's window, fall in one window: a racy code path hit many times
// is found with high probability, a rare one may be missed.

import { era, newEra } from './context.js';
import { dropCandidates } from './detect.js';
import { setHooksEnabled } from './hooks.js';
import { setTracking } from './access.js';

export interface SamplingConfig {
  /** Fraction of time the detector is on, 0 < rate < 1. */
  rate: number;
  /** Length of one window in milliseconds. */
  windowMs: number;
}

let timer: NodeJS.Timeout | null = null;

// setTimeout turns longer delays into 1 ms, with a warning the program would see.
const LONGEST_DELAY = 2 ** 31 - 1;

function schedule(ms: number, fn: () => void): void {
  // Unreferenced: sampling never keeps a program alive, and does not show among its active resources.
  timer = setTimeout(fn, Math.min(ms, LONGEST_DELAY));
  timer.unref();
}

/** Starts with the detector off; the first window opens at a random point of the first cycle. */
export function startSampling(cfg: SamplingConfig): void {
  const off = (cfg.windowMs * (1 - cfg.rate)) / cfg.rate;
  const open = (): void => {
    newEra();
    setTracking(true);
    setHooksEnabled(true);
    schedule(cfg.windowMs, close);
  };
  const close = (): void => {
    setHooksEnabled(false);
    setTracking(false);
    dropCandidates();
    schedule(off, open);
  };
  era.sampling = true;
  setTracking(false);
  schedule(Math.random() * (off + cfg.windowMs), open);
}

export function stopSampling(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}
