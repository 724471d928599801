// expect: none
// Three values a flow started by a timer reads that no timing can change:
// - an async function's synchronous prefix reads a flag its caller set just before calling it, in
//   the same run from the event loop (`allowed = true; emit(); allowed = false`);
// - a flow awaits a value that is already there right after starting a helper that does the same
//   (`save(); await null`): the helper's continuation was queued first and runs first (rule 8);
// - an async iterator's queue emptied by the emitter's continuation, queued before the reader's.
// Race twin: race-same-turn-values.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

let allowed = false;
const seen = [];
async function emit(name) {
  if (!allowed) throw new Error('emit outside meta');
  await null;
  seen.push(name);
}
function meta(name) {
  try {
    allowed = true;
    return emit(name);
  } finally {
    allowed = false;
  }
}

let saved = 0;
async function save(n) {
  await null;
  saved = n;
}

let queue = [];
const ready = Promise.resolve();
async function next() {
  if (!queue) return { done: true };
  return { done: false, value: await queue.shift() };
}
async function close(v) {
  queue.push(v);
  await ready;
  queue = undefined;
}

await sleep(1);
await Promise.all([meta('a'), sleep(2).then(() => meta('b'))]);
save(1);
await null;
console.log('seen', seen.join(','), 'saved', saved);
close('last');
console.log(await next(), await next());
