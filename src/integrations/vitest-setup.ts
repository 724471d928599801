// The setup file the Vitest plugin adds: runs in every worker before each test file. It starts the
// runtime there (unless `racedetect vitest` or NODE_OPTIONS already did) and attributes races to tests,
// like Go's testing package: a test during which a race was found fails with the report; a race in a
// file's hooks or between its tests fails the file (its afterAll).

import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest';
import { RUNTIME_KEY, readOptions, startRuntime } from '../runtime/install.js';
import { startedLate } from '../runtime/hooks.js';
import type { TestRunnerApi } from '../runtime/install.js';
import type { annotations } from '../runtime/annotations.js';
import { SafeWeakMap } from '../runtime/primordials.js';

const g = globalThis as Record<symbol, { testRunner: TestRunnerApi; annotations: typeof annotations } | undefined>;
if (g[RUNTIME_KEY] === undefined) {
  startRuntime(readOptions());
  // Vitest's runner is awaiting this file: its awaits began before the hooks were on.
  startedLate();
}
const runtime = g[RUNTIME_KEY]!;
const runner = runtime.testRunner;
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

/**
 * `expect.poll(fn)` and `vi.waitFor(fn)` call `fn` until what it reads changes: its reads are polls
 * (SPEC §1), which a write landing between two calls does not make timing-dependent. Vitest 3 calls it
 * again from a timer, which the detector recognises as a poll by itself; Vitest 4's expect.poll loops
 * in one async function (`await fn(); await delay()`), whose every resumption is a new flow to the
 * detector. A `fn` that is no function is passed on as it is, for Vitest's own error.
 */
function polls(fn: unknown): unknown {
  if (typeof fn !== 'function') return fn;
  return function polled(this: unknown, ...args: unknown[]): unknown {
    runtime.annotations.polling(1);
    try {
      return Reflect.apply(fn, this, args);
    } finally {
      runtime.annotations.polling(-1);
    }
  };
}
type Polling = (fn: unknown, ...rest: unknown[]) => unknown;
function pollingArgument(owner: object, name: string): void {
  const original = (owner as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  // A method of the same name (`expect.poll.name` stays 'poll').
  const replaced = {
    [name](this: unknown, fn: unknown, ...rest: unknown[]): unknown {
      return Reflect.apply(original as Polling, this, [polls(fn), ...rest]);
    },
  }[name];
  (owner as Record<string, unknown>)[name] = replaced;
}
pollingArgument(expect, 'poll');
pollingArgument(vi, 'waitFor');
