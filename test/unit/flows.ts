// Building happens-before shapes by hand for the unit tests: flows forked from others, code run as a
// flow (in a new segment after an await), and a fresh access site for every access, so that
// deduplication by pair of sites never hides a case.
import { AsyncContext, main, setCurrent } from '../../src/runtime/context.js';
import { registerFile } from '../../src/runtime/sites.js';

let nextLine = 1;

/** A new site in the synthetic file `file`. */
export function site(file = 'file:///unit.js'): number {
  return registerFile(file, [nextLine++, 1, 0], ['f']);
}

/** A flow started by `parent` (an async call from it). */
export function fork(parent: AsyncContext): AsyncContext {
  return new AsyncContext('async', parent.forkClock());
}

/** Runs `fn` as `ctx`, in a new segment when `resume` is set (after an await). */
export function as(ctx: AsyncContext, fn: () => void, resume = false): void {
  if (resume) {
    ctx.newSegment();
    ctx.state = 'running';
  }
  setCurrent(ctx);
  fn();
  setCurrent(main);
}
