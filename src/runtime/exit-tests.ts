// Exit tests (loader/guards.ts): what the running stretch read in the test of an `if` that leaves
// (`if (this.closed) return`). A write that ends a read-await-write window keeps these locations
// beside it (detect.ts, exitExcludes). They are noted as the program's object and key and found as
// locations only when such a write asks, which few do: finding each at the test made a location of
// every key an exit test reads, where a held read needs none (the fan-out benchmark's
// `if (u.cost > u.credits) return`, 10% of its time).

import { type AsyncContext, current, onSegmentEnd } from './context.js';
import type { Cell } from './shadow.js';

/** The key noted beside a tracked variable, whose location is the target itself. */
const VARIABLE = Symbol('variable');
/** Tests noted per stretch at most: a loop testing at every pass repeats the same few. */
const LIMIT = 16;

// The stretch the notes are of (one flow's, in one segment) and the notes, the first `count` entries.
let flow: AsyncContext | null = null;
let segment = -1;
let count = 0;
const targets: unknown[] = [];
const keys: unknown[] = [];
const sites: number[] = [];

let locate: (o: object, key: unknown, site: number) => Cell | null = () => null;

/** How an object's key becomes its location (access.ts), asked only when the locations are wanted. */
export function setExitTestLocator(fn: (o: object, key: unknown, site: number) => Cell | null): void {
  locate = fn;
}

/** An exit test read `key` of object `o` at `site` (a variable: `o` is its location, `key` undefined). */
export function noteExitTest(o: object, key: unknown, site: number, variable: boolean): void {
  const ctx = current;
  if (flow !== ctx || segment !== ctx.segment) {
    forget();
    flow = ctx;
    segment = ctx.segment;
  }
  const k = variable ? VARIABLE : key;
  if (count > 0 && targets[count - 1] === o && keys[count - 1] === k) return;
  if (count >= LIMIT) return;
  targets[count] = o;
  keys[count] = k;
  sites[count] = site;
  count++;
}

/** The locations the running stretch of `ctx` has tested so far, or null. */
export function testedLocations(ctx: AsyncContext): Cell[] | null {
  if (flow !== ctx || segment !== ctx.segment || count === 0) return null;
  const out: Cell[] = [];
  for (let i = 0; i < count; i++) {
    const c = keys[i] === VARIABLE ? (targets[i] as Cell) : locate(targets[i] as object, keys[i], sites[i]);
    if (c !== null && !out.includes(c)) out[out.length] = c;
  }
  return out.length > 0 ? out : null;
}

/** Lets go of the program's objects once their stretch is over. */
function forget(): void {
  for (let i = 0; i < count; i++) targets[i] = keys[i] = undefined;
  count = 0;
  flow = null;
  segment = -1;
}
onSegmentEnd(() => {
  if (count > 0) forget();
});
