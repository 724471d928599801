// Building happens-before shapes by hand for the unit tests: flows forked from others, code run as a
// flow (in a new segment after an await), and a fresh access site for every access, so that
// deduplication by pair of sites never hides a case.
import path from 'node:path';
import { AsyncContext, main, openSegment, setCurrent } from '../../src/runtime/context.js';
import { api } from '../../src/runtime/access.js';
import { configureSink } from '../../src/report/sink.js';
import { tempDir } from '../temp.js';

let sinkDir: string | null = null;

/**
 * Reports as JSON into a private log file instead of stderr (tests read them through allReports());
 * the file goes when the test file is done.
 */
export function quietSink(): void {
  if (sinkDir !== null) return;
  const dir = tempDir('racedetect-unit-');
  sinkDir = dir;
  configureSink({ format: 'json', logPath: path.join(dir, 'races'), haltOnError: false, exitcode: 66, redact: false, suppressions: null });
}

let nextLine = 1;

/** A new site in the synthetic file `file`, registered as instrumented files register theirs. */
export function site(file = 'file:///unit.js'): number {
  return api.file(file, 1, `${nextLine++},1,0`, ['f']);
}

/** A new site that the instrumenter would list as a guard read (the test of a conditional update). */
export function guardSite(file = 'file:///unit.js'): number {
  return api.file(file, 1, `${nextLine++},1,0`, ['f'], '0');
}

/** A flow started by `parent` (an async call from it). */
export function fork(parent: AsyncContext): AsyncContext {
  return new AsyncContext('async', parent.forkClock());
}

/**
 * Runs `fn` as `ctx`, in a new segment when `resume` is set (after an await). A callback and a
 * resumed flow run in a run of their own from the event loop (a new outer segment); a flow's first
 * run is its caller's synchronous prefix, in the caller's.
 */
export function as(ctx: AsyncContext, fn: () => void, resume = false): void {
  if (resume) {
    ctx.newSegment();
    ctx.state = 'running';
  }
  if (resume || (ctx.kind === 'callback' && ctx.segment === 0)) openSegment();
  setCurrent(ctx);
  fn();
  setCurrent(main);
}
