// The same in a CommonJS module: paths, `Object.<anonymous>` for the module's top level.
class Queue {
  take() {
    throw new Error('empty');
  }
}
function drain(q) {
  return [1].map(() => q.take());
}
try {
  drain(new Queue());
} catch (e) {
  console.log(`--- method\n${e.stack}`);
}
console.log(`--- top-level\n${new Error('made at the top').stack}`);
