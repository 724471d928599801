// A program with its own async hook that tracks promises: ids, types and resources must look the
// same with the detector loaded (its own hook declines Node's promise tracking only while nobody
// else needs it).
const async_hooks = require('node:async_hooks');
const util = require('node:util');

const before = Promise.resolve(1);
console.log('before any hook', util.inspect(before), Object.getOwnPropertySymbols(before).length);

const types = new Map();
const parents = new Map();
const hook = async_hooks.createHook({
  init(id, type, trigger) {
    types.set(type, (types.get(type) ?? 0) + 1);
    parents.set(id, trigger);
  },
});
hook.enable();

async function step(n) {
  const outer = async_hooks.executionAsyncId();
  await null;
  const inner = async_hooks.executionAsyncId();
  return { n, changed: inner !== outer, known: parents.has(inner) };
}

(async () => {
  const p = Promise.resolve('x');
  console.log('tracked promise symbols', Object.getOwnPropertySymbols(p).map(String));
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await step(i));
  console.log(results);
  await new Promise((r) => setTimeout(r, 1));
  await new Promise((r) => setImmediate(r));
  hook.disable();
  console.log('promise resources seen', (types.get('PROMISE') ?? 0) > 10);
  console.log('timer and immediate seen', types.has('Timeout'), types.has('Immediate'));
  const after = Promise.resolve(2);
  console.log('after disable', Object.getOwnPropertySymbols(after).length);
})();
