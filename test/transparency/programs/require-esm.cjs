// require() of an ES module written in a `.js` file of a package with no "type" (require(esm) on
// Node 20.19 and later): the same namespace object, the same live bindings, the same module instance
// for a later dynamic import, and no warning under the detector (the file is instrumented as the
// module it is).
const m = require('./lib/untyped/esm.js');
console.log(Object.keys(m), m.default, m[Symbol.toStringTag]);
console.log(typeof m.bump, m.bump.name, m.bump.length);
console.log(m.bump(), m.bump(), m.state.n);
console.log(Object.isFrozen(m), Object.getOwnPropertyNames(m.state));
try {
  m.state = 1;
  console.log('assigned');
} catch (e) {
  console.log('assignment to a namespace:', e.name);
}
console.log(require('./lib/untyped/esm.js') === m);
import('./lib/untyped/esm.js').then((ns) => {
  console.log('dynamic import sees the same state:', ns.state === m.state, ns.state.n);
  console.log('default:', ns.default);
});
