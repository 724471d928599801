// node:test under the detector: `node --test --import racedetect/register` (node:test passes the
// --import to each test file's process) or a test file run directly with --import. Once the program
// loads node:test - `import` reaches node-test-entry.ts through the resolve hook, `require` is seen
// here - root-level hooks go in that every test inherits (nested suites and subtests included). A
// test during which a race was found fails with the report; races outside any test are printed at exit
// and set the exit code, which fails the file.
//
// Only on loading node:test: a process that merely inherits NODE_TEST_CONTEXT (a child a test spawns)
// would otherwise get node:test's root and its report on stdout.

import Module from 'node:module';
import { attachToTestRunner, testEnded, testStarted } from './attribution.js';
import { disguise } from '../runtime/function-source.js';
import { SafeWeakMap } from '../runtime/primordials.js';
import { keepMethodName, passThrough } from '../../loader/own-frames.js';

interface NodeTest {
  beforeEach(fn: (t: object) => void): void;
  afterEach(fn: (t: object) => void): void;
}

let attached = false;

export function attachNodeTest(): void {
  if (attached) return;
  attached = true;
  const nodeTest = Module.createRequire(import.meta.url)('node:test') as NodeTest;
  attachToTestRunner({ ownExitCode: true, programStacks: false, runnerPackages: [] });
  const marks = new SafeWeakMap<object, number>();
  nodeTest.beforeEach((t) => {
    marks.set(t, testStarted());
  });
  nodeTest.afterEach((t) => {
    const failure = testEnded(marks.get(t) ?? 0);
    if (failure !== null) throw failure;
  });
}

type Load = (request: string, parent: unknown, isMain: boolean, ...rest: unknown[]) => unknown;

/** Puts Module._load back as it was; null when not watching. */
let unwatch: (() => void) | null = null;

/**
 * Attaches when CommonJS code first requires node:test, seen by wrapping Module._load, until then:
 * the wrapper is on the stack of every require, and a program that never loads node:test would keep
 * it for good. Where the module hooks run in this thread (Node 22.15+), they see require('node:test')
 * themselves (loader/hooks.ts), and the loaders stop this watch (stopWatchingRequireOfNodeTest).
 */
export function watchRequireOfNodeTest(): void {
  if (attached || unwatch !== null) return;
  const M = Module as unknown as { _load: Load };
  const load = M._load;
  const watcher = disguise(function _load(this: unknown, request: string, ...rest: unknown[]): unknown {
    if (request === 'node:test' && !attached) {
      attachNodeTest();
      stopWatchingRequireOfNodeTest();
    }
    // Frames the call through adds: passThrough's and this one's (loader/own-frames.ts).
    return passThrough(2, load, this, [request, ...rest]);
  }, load);
  M._load = watcher;
  const restoreName = keepMethodName(load, '_load');
  unwatch = () => {
    // A wrapper the program put over this one keeps calling it; it then only passes calls on.
    if (M._load !== watcher) return;
    M._load = load;
    restoreName();
  };
}

export function stopWatchingRequireOfNodeTest(): void {
  unwatch?.();
  unwatch = null;
}
