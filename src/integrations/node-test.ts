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
import { apply, SafeWeakMap } from '../runtime/primordials.js';

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

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Attaches when CommonJS code first requires node:test. */
export function watchRequireOfNodeTest(): void {
  const M = Module as unknown as { _load: Load };
  const load = M._load;
  M._load = disguise(function _load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    if (request === 'node:test' && !attached) attachNodeTest();
    return apply(load, this, [request, parent, isMain]);
  }, load);
}
