// What an `import ... from 'node:test'` resolves to under the detector (loader/hooks.ts): node:test
// itself, once the runtime has attached its per-test hooks. Evaluated after node:test and before the
// importing test file, so the hooks are in place before its first test() call.
// @ts-expect-error node:test's types say `export =`; its ES module has named exports all the same.
export * from 'node:test';
export { default } from 'node:test';

const runtime = (globalThis as Record<symbol, { attachNodeTest?: () => void } | undefined>)[Symbol.for('racedetect.runtime')];
runtime?.attachNodeTest?.();
