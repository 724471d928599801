// What a CommonJS entry point knows about itself, and the order of nextTick vs promise callbacks after it runs.
const path = require('node:path');
const name = (f) => path.basename(f);
console.log('module.id', module.id === '.' ? "'.'" : name(module.id));
console.log('module.parent', module.parent === null ? 'null' : typeof module.parent);
console.log('require.main is module', require.main === module, name(require.main.filename));
console.log('process.mainModule is module', process.mainModule === module);
console.log('require.cache', Object.keys(require.cache).map(name));
console.log('module.loaded during load', module.loaded, 'children', module.children.length);
console.log('paths', module.paths.length > 0, typeof require.resolve.paths);
if (require.main === module) console.log('running as main');
if (module.id === '.') console.log('module.id says main');
process.nextTick(() => console.log('1 nextTick'));
Promise.resolve().then(() => console.log('2 promise'));
queueMicrotask(() => console.log('3 microtask'));
process.nextTick(() => Promise.resolve().then(() => console.log('4 promise queued by a tick')));
setImmediate(() => console.log('5 immediate, module.loaded', module.loaded));
(async () => {
  console.log('0 async function start');
  await null;
  console.log('after await in async function');
  process.nextTick(() => console.log('tick queued after await'));
  await null;
  console.log('second await');
})();
console.log('end of module body');
