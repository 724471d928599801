// The setup file the Vitest plugin adds: runs in every worker before each test file. It starts the
// runtime there (unless `racedetect vitest` or NODE_OPTIONS already did) and attributes races to tests,
// like Go's testing package: a test during which a race was found fails with the report; a race in a
// file's hooks or between its tests fails the file (its afterAll).

import { afterAll, afterEach, beforeEach } from 'vitest';
import { RUNTIME_KEY, readOptions, startRuntime } from '../runtime/install.js';
import type { TestRunnerApi } from '../runtime/install.js';
import { SafeWeakMap } from '../runtime/primordials.js';

const g = globalThis as Record<symbol, { testRunner: TestRunnerApi } | undefined>;
if (g[RUNTIME_KEY] === undefined) startRuntime(readOptions());
const runner = g[RUNTIME_KEY]!.testRunner;
runner.attach({ ownExitCode: false, programStacks: true, runnerPackages: ['vitest', '@vitest', 'vite-node', 'tinypool', 'tinyspy'] });

const fileMark = runner.started();
const marks = new SafeWeakMap<object, number>();

// The context destructured: Vitest reads a hook's first parameter for the fixtures it uses
// (`test.extend`), and rejects one that is not an object pattern in every test of such a file.
beforeEach(({ task }) => {
  marks.set(task, runner.started());
});

afterEach(({ task }) => {
  const failure = runner.ended(marks.get(task) ?? fileMark);
  if (failure !== null) throw failure;
});

afterAll(() => {
  const failure = runner.ended(fileMark, 'race detected outside of any test in this file');
  if (failure !== null) throw failure;
});
