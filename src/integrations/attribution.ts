// Per-test attribution, as Go's testing package does it: the reports found while a test ran are that
// test's, and it fails with them. A test runner integration marks the start of each test and asks at
// its end; a report belongs to the tests running when its race was found (the first of them to end
// claims it), never to one that started later.

import { accessCount, flushCandidates } from '../runtime/detect.js';
import { claimReports, deferReports, nextGeneration } from '../report/sink.js';
import { formatText } from '../report/print.js';
import path from 'node:path';
import { hideFramesUnder, useProgramStackFormat } from '../report/stack.js';
import type { RaceReport } from '../report/build.js';

const TEST_HEADLINE = 'race detected during execution of test';

export interface RunnerTraits {
  /** Races outside tests still set the process's exit code (node:test files, whose runner reads it; not a Vitest worker). */
  ownExitCode: boolean;
  /** Stacks are formatted by the runner's Error.prepareStackTrace (Vitest maps the modules its runner evaluated, whose maps Node never sees). */
  programStacks: boolean;
  /** The runner's own packages, whose frames reports leave out like racedetect's own. */
  runnerPackages: readonly string[];
}

let failTests = true;

/**
 * Whether a race fails the test it was found in: `fail_tests`, and never in a run under schedule
 * control or a steered run, whose exit code must say what the program itself did.
 */
export function setRacesFailTests(value: boolean): void {
  failTests = value;
}

/** Reports are shown by the test runner from now on. */
export function attachToTestRunner(traits: RunnerTraits): void {
  deferReports(traits.ownExitCode);
  if (traits.programStacks) useProgramStackFormat();
  for (const p of traits.runnerPackages) hideFramesUnder(`${path.sep}node_modules${path.sep}${p}${path.sep}`);
}

/** A mark taken when a test starts: races found from now on are its own, until another test starts. */
export function testStarted(): number {
  return nextGeneration(accessCount());
}

/**
 * At a test's end: the failure to raise if races were found since `mark`, else null. Under schedule
 * control (schedule=random, racedetect --explore) a race fails no test: a run there fails only where
 * the program itself does, which is what exploring looks for; the reports still print, unclaimed, and
 * still set the exit code.
 */
export function testEnded(mark: number, headline = TEST_HEADLINE): Error | null {
  // Timing-dependent reads wait for their segment to end; the test's segments have all ended now.
  flushCandidates(false);
  if (!failTests) return null;
  const found = claimReports(mark);
  return found.length === 0 ? null : raceFailure(headline, found);
}

/** The headline and the reports, always in Go's text: a failure is read by people in the runner's output (format=json is for tools, on stderr or in log files). */
export function raceFailure(headline: string, reports: readonly RaceReport[]): Error {
  return new DataRaceError(headline, `${headline}\n\n${reports.map(formatText).join('')}`);
}

/**
 * A test's failure. Its stack is the message with no frames of its own: the reports carry the stacks
 * that matter. node:test's spec reporter prints only the stack, so the reports must be in it; none
 * of their lines starts with `at`, so a runner that parses the stack for frames (Vitest does) finds
 * none there.
 */
class DataRaceError extends Error {
  constructor(headline: string, message: string) {
    super(message);
    this.name = 'DataRaceError';
    this.stack = `${this.name}: ${message}`;
  }
}
