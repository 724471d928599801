// Guided confirmation (`racedetect --confirm -- cmd`): turns each predicted race into a run where the
// other order really happens, and says whether the program's behaviour changed.
//
// A race is two accesses that nothing orders; the run that found it made them in one order. A steered
// run holds the flow that made one access at the await it resumed from before that access (guide.ts),
// until the other flow has made its access: the other order. If the command then exits differently, or
// prints differently where unsteered runs print the same, the race is confirmed, with the options that
// replay that run. This file plans the steered runs and judges them; the CLI runs them.

import type { AccessReport, RaceReport } from './report/build.js';
import type { Frame } from './report/stack.js';

/** One steered run: hold the `nth` flow to reach the await `at` until another flow reaches `until`. */
export interface Steering {
  at: string;
  until: string;
  nth: number;
  /** The access held back, and the one let through first (for the message). */
  held: AccessReport;
  first: AccessReport;
}

/** How many times one race is steered before it is called not confirmed. */
export const STEERED_RUNS = 6;
/** Arrivals at a hold await tried: the first flow to get there, then the next ones. */
const ARRIVALS = 3;

function where(f: Frame | null | undefined): string | null {
  return f ? `${f.file}:${f.line}:${f.column}` : null;
}

/**
 * The orders worth trying for a race, best first, as (held access, access let through first) pairs:
 * the opposite of the order the run had, and for lost updates the orders that put the other write
 * between the read and the write-back, or outside it when it fell in between.
 */
function orders(r: RaceReport): [AccessReport, AccessReport][] {
  const out: [AccessReport, AccessReport][] = [];
  const w = r.window;
  if (r.kind === 'lost-update' && w !== null) {
    if (w.context === r.current.context) {
      // The reader wrote back last (current); the other flow's write is `previous`.
      if (r.interleaved) {
        out.push([w, r.previous]); // the reader reads after the other write: nothing lost
        out.push([r.previous, r.current]); // the other write comes after the write-back
      } else out.push([r.previous, w]); // the other write comes after the read: in between
    } else {
      // The reader's write-back is `previous`; the other flow's write (current) can fall before it.
      out.push([r.previous, r.current]);
      out.push([w, r.current]);
    }
  }
  out.push([r.previous, r.current]);
  return out;
}

/** The steered runs for one race, in the order to try them (at most STEERED_RUNS). */
export function plan(r: RaceReport): Steering[] {
  const out: Steering[] = [];
  const seen = new Set<string>();
  for (const [held, first] of orders(r)) {
    const at = where(held.resumedAt);
    const until = where(first.stack[0]);
    if (at === null || until === null || seen.has(`${at} ${until}`)) continue;
    seen.add(`${at} ${until}`);
    for (let nth = 1; nth <= ARRIVALS; nth++) out.push({ at, until, nth, held, first });
  }
  return out.slice(0, STEERED_RUNS);
}

/** What the CLI saw of one run. */
export interface Observed {
  code: number | null;
  signal: string | null;
  stdout: string;
}

/** What steered runs are compared with: unsteered runs, and which of their traits were stable. */
export interface Reference {
  run: Observed;
  /** Two unsteered runs printed the same (otherwise output proves nothing). */
  outputStable: boolean;
  /** Two unsteered runs ended the same way. */
  exitStable: boolean;
}

function ending(o: Observed): string {
  return o.signal !== null ? `is killed by ${o.signal}` : `exits with code ${o.code}`;
}

/** How the steered run's behaviour differs from the reference's, or null if it does not. */
export function difference(ref: Reference, steered: Observed): string | null {
  if (ref.exitStable && (steered.code !== ref.run.code || steered.signal !== ref.run.signal)) {
    return `the command ${ending(steered)} where it ${ref.run.signal !== null ? `was killed by ${ref.run.signal}` : `exited with code ${ref.run.code}`}`;
  }
  if (ref.outputStable && steered.stdout !== ref.run.stdout) {
    const a = ref.run.stdout.split('\n');
    const b = steered.stdout.split('\n');
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const shown = (s: string | undefined): string => (s === undefined ? 'nothing' : JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s));
    return `the command prints ${shown(b[i])} where it printed ${shown(a[i])} (line ${i + 1} of its output)`;
  }
  return null;
}

function access(a: AccessReport): string {
  return `async context ${a.context}'s ${a.op.toLowerCase()} at ${where(a.stack[0]) ?? 'an unknown site'}`;
}

/** Runs under schedule=random tried for a race no steered run confirmed. */
export const SEEDED_RUNS = 8;

/** Whether `other` (a report of another run) is race `r` with its two accesses the other way round. */
export function otherOrder(r: RaceReport, other: RaceReport): boolean {
  return where(other.current.stack[0]) === where(r.previous.stack[0]) && where(other.previous.stack[0]) === where(r.current.stack[0]);
}

/** A confirmation by a run under schedule=random in which the race's accesses came the other way round. */
export function seededLine(r: RaceReport, what: string, seed: number, run: number): string {
  return `confirmed: ${what} under schedule=random seed=${seed}, where ${access(r.current)} came before ${access(r.previous)} (seeded run ${run})`;
}

/** A race in a few words, for the confirmation's heading. */
export function raceTitle(r: RaceReport): string {
  const what = r.kind === 'lost-update' ? 'lost update on' : r.kind === 'timing' ? 'timing-dependent read of' : 'unordered accesses to';
  return `${what} ${r.location}`;
}

/** The confirmation: what changed, which order did it, and the hold that replays it. */
export function confirmedLine(s: Steering, what: string, tries: number): string {
  return `confirmed: ${what} when ${access(s.first)} runs before ${access(s.held)} (async context ${s.held.context} held at ${s.at}; steered run ${tries})`;
}

/** The options that replay a steered run (for the CLI's replay line). */
export function steeringOptions(s: Steering): string[] {
  return [`hold=${s.at}`, `hold_until=${s.until}`, `hold_nth=${s.nth}`];
}

/** Why no steered run changed anything. */
export function notConfirmedLine(r: RaceReport, tries: number, held: number, ref: Reference): string {
  const compared = ref.exitStable ? (ref.outputStable ? 'exit and output' : 'exit (unsteered runs print differently)') : ref.outputStable ? 'output (unsteered runs exit differently)' : 'nothing (unsteered runs differ in exit and output)';
  if (tries === 0) return 'not confirmed: no await to hold before either access (both run in the synchronous part of their flows)';
  const reached =
    held === tries
      ? ''
      : `; ${tries - held} of them held nothing Node could have held (no flow reached the await so often, its value came within the turn, or other code ran in the turn it came in)`;
  return `not confirmed in ${tries} steered run(s): the same ${compared}${reached}`;
}

/**
 * A lost update that happened in the run that found it is confirmed by that run; steered runs that
 * change nothing then say the loss does not depend on the order of these flows.
 */
export function lostInRunLine(r: RaceReport, tries: number, held: number): string {
  const w = r.window!;
  const steered =
    held > 0
      ? `; ${held} steered run(s) held a flow and changed neither exit nor output, so here the loss does not depend on timing`
      : tries > 0
        ? `; none of ${tries} steered run(s) could hold a flow where Node would let it wait`
        : '';
  return `confirmed: the update was lost in the run that found it: ${access(r.previous)} fell between ${access(w)} and its write-back at ${where(r.current.stack[0]) ?? 'an unknown site'}${steered}`;
}
