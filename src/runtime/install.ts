// Starting the runtime on the main thread: options, the global entry points for instrumented code,
// the hooks, and the exit summary. Called once by `racedetect/register`.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Options, OptionError, parseOptions } from '../options.js';
import { api, disableTracking, steerRun } from './access.js';
import { annotations } from './annotations.js';
import { patchCombinators } from './combinators.js';
import { config as detectorConfig, flushCandidates } from './detect.js';
import { patchTimerRefresh, startHooks } from './hooks.js';
import { startTracing } from './trace.js';
import { current } from './context.js';
import { startSampling } from './sampling.js';
import { freshSeed, seedLine, startSchedule } from './schedule.js';
import { holdBackIoCompletions } from './schedule-io.js';
import { patchMessagePorts, patchServerClose, patchSockets } from './sockets.js';
import { MessagePort } from 'node:worker_threads';
import { configureSink, finish, keepExitCode, writeHtml } from '../report/sink.js';
import { hideFramesUnder, setStripPrefix } from '../report/stack.js';
import { loadSuppressions } from '../report/suppressions.js';
import { watchCollections } from './collections.js';
import { watchTerminalSignals } from './signals.js';
import { adapt, latch } from '../integrations/libraries.js';
import { attachNodeTest, watchRequireOfNodeTest } from '../integrations/node-test.js';
import { type RunnerTraits, attachToTestRunner, setRacesFailTests, testEnded, testStarted } from '../integrations/attribution.js';
import { holdLine, startGuide, writeHoldOutcome } from './guide.js';
import { disguise, keepFunctionSource } from './function-source.js';
import { patchRunInAsyncScope } from './sync-scope.js';
import { patchChildProcesses } from './child-processes.js';
import { patchStreamEnds } from './stream-ends.js';
import { emitInherited } from './primordials.js';
import { limitHeapGrowth } from './heap-growth.js';


export const RUNTIME_KEY = Symbol.for('racedetect.runtime');

/**
 * Per-test attribution for test runner integrations, reached through the global runtime object: a
 * runner's setup code may come from another copy of racedetect's files than the runtime that runs.
 */
export interface TestRunnerApi {
  attach(traits: RunnerTraits): void;
  started(): number;
  ended(mark: number, headline?: string): Error | null;
}

const testRunner: TestRunnerApi = { attach: attachToTestRunner, started: testStarted, ended: testEnded };

/** Reads and validates the options, or ends the process with a one-line error before the program runs. */
export function readOptions(): Options {
  try {
    return parseOptions(process.env.RACEDETECT_OPTIONS);
  } catch (e) {
    if (e instanceof OptionError) {
      fs.writeSync(2, `${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

const exitTasks: (() => void)[] = [];
/** Runs `fn` when the process exits, after the summary, without an 'exit' listener the program could count. */
export function atExit(fn: () => void): void {
  exitTasks[exitTasks.length] = fn;
}

/**
 * Another realm of this process (a vm context) whose code runs against this runtime: its own
 * built-ins get what the runtime put on this realm's (the process-wide hooks see it already).
 */
function adoptRealm(realm: typeof globalThis): void {
  keepFunctionSource(realm.Function);
  patchCombinators(realm.Promise);
}

export function startRuntime(options: Options): void {
  const g = globalThis as Record<string | symbol, unknown>;
  if (g[RUNTIME_KEY]) return;
  // A vm context of a process whose main realm runs the detector (Vitest's vmThreads pool under the
  // register): the context's global got a copy of `__rd$`, which is not configurable, but not the
  // symbol. One runtime per process, whose hooks see every realm: this realm is pointed at it.
  const running = (g.__rd$ as Record<symbol, { adoptRealm?: (realm: typeof globalThis) => void } | undefined> | undefined)?.[RUNTIME_KEY];
  if (running !== undefined) {
    Object.defineProperty(globalThis, RUNTIME_KEY, { value: running, enumerable: false, configurable: false });
    running.adoptRealm?.(globalThis);
    return;
  }
  let suppressions = null;
  try {
    suppressions = options.suppressions ? loadSuppressions(options.suppressions) : null;
  } catch (e) {
    if (e instanceof OptionError) {
      fs.writeSync(2, `${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  detectorConfig.strict = options.strict;
  detectorConfig.historySize = options.history_size;
  configureSink({
    format: options.format,
    logPath: options.log_path,
    haltOnError: options.halt_on_error,
    exitcode: options.exitcode,
    redact: options.redact,
    suppressions,
    html: options.html,
  });
  // The picture of a race needs each flow's segments and edges; nothing is traced without it.
  if (options.html) {
    startTracing(current);
    atExit(writeHtml);
  }
  setStripPrefix(options.strip_path_prefix);
  // racedetect's own frames: its built files, and its sources where a test runner maps stacks through dist/'s maps.
  const dist = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [dist, path.join(dist, '..', 'src'), path.join(dist, '..', 'loader')]) hideFramesUnder(path.resolve(dir) + path.sep);
  // Non-enumerable and read-only: invisible to the program, and a constant V8 can inline.
  Object.defineProperty(globalThis, '__rd$', { value: api, enumerable: false, writable: false, configurable: false });
  const runtime = { api, options, annotations, attachNodeTest, testRunner, adapt, latch, adoptRealm };
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: runtime, enumerable: false, configurable: false });
  // Reachable from `__rd$` too, for a vm context that sees only the string-named copy (above).
  Object.defineProperty(api, RUNTIME_KEY, { value: runtime, enumerable: false, configurable: false });
  watchRequireOfNodeTest();
  process.setSourceMapsEnabled(true);
  keepFunctionSource();
  patchCombinators();
  watchCollections();
  patchSockets();
  patchServerClose();
  patchChildProcesses();
  patchStreamEnds();
  patchTimerRefresh();
  patchRunInAsyncScope();
  patchMessagePorts(MessagePort, globalThis.BroadcastChannel);
  watchTerminalSignals();
  if (options.schedule === 'random') {
    const state = startSchedule(options.seed >= 0 ? options.seed : freshSeed());
    holdBackIoCompletions();
    // Child processes inherit the options: they get this seed too, so that a replay replays all of them.
    if (options.seed < 0) process.env.RACEDETECT_OPTIONS = `${process.env.RACEDETECT_OPTIONS ?? ''} seed=${state.seed}`.trim();
    // Under the CLI the command's processes share one seed, which the CLI prints itself.
    if (!process.env.RACEDETECT_RUN_DIR) atExit(() => fs.writeSync(2, `${seedLine(state)}\n`));
  }
  if (options.hold !== '' || options.hold_until !== '') {
    if (options.hold === '' || options.hold_until === '') {
      fs.writeSync(2, 'racedetect: hold and hold_until go together: hold=FILE:LINE:COLUMN of an await, hold_until=FILE:LINE:COLUMN of an access\n');
      process.exit(2);
    }
    startGuide({ at: options.hold, until: options.hold_until, nth: options.hold_nth });
    steerRun();
    // A steered run reproduces a race the detector already reported; it reports none itself: the
    // release is an order of the detector's making, and happens-before would follow it (the held flow
    // would appear to wait for the releasing access, or for its timer).
    disableTracking();
    const runDir = process.env.RACEDETECT_RUN_DIR;
    atExit(() => (runDir ? writeHoldOutcome(runDir) : fs.writeSync(2, `${holdLine()}\n`)));
  }
  setRacesFailTests(options.fail_tests && options.schedule !== 'random' && options.hold === '');
  // Sampling starts with the hooks off: V8 leaves its fastest promise paths once any promise hook is set.
  if (options.sample_rate < 1) startSampling({ rate: options.sample_rate, windowMs: options.sample_window });
  else {
    startHooks();
    limitHeapGrowth();
  }
  // The summary runs first among 'exit' handlers, and without adding a listener the program could
  // count (a tenth user listener would otherwise trip MaxListenersExceededWarning only under us). The
  // wrapper sits on process's own prototype object, not on process (which has no own `emit`), and
  // calls whatever `emit` is inherited from there at the time: a program that replaces
  // EventEmitter.prototype.emit (a spy, an APM agent) still sees every process event.
  const holder = Object.getPrototypeOf(process) as object;
  const inheritedFrom = Object.getPrototypeOf(holder) as object;
  const emit = process.emit;
  const wrapper = {
    emit(this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'exit') {
        try {
          flushCandidates(true);
          finish(typeof args[0] === 'number' ? args[0] : 0);
          for (let i = 0; i < exitTasks.length; i++) exitTasks[i]();
        } catch (e) {
          fs.writeSync(2, `racedetect: internal error at exit: ${String(e)}\n`);
        }
      }
      const handled = emitInherited(inheritedFrom, this, event, args);
      if (event === 'exit') keepExitCode();
      return handled;
    },
  }.emit;
  disguise(wrapper, emit);
  Object.defineProperty(holder, 'emit', { value: wrapper, writable: true, configurable: true, enumerable: false });
}
