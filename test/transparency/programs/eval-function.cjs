// Direct and indirect eval, new Function, eval seeing and changing local and module variables.
var moduleVar = 'module-var';
let moduleLet = 1;
const moduleConst = { v: 'const' };
function direct() {
  const local = { n: 41 };
  let counter = 0;
  const r1 = eval('local.n + 1');
  eval('counter += 10; var leaked = "declared by eval"');
  const r2 = eval('moduleLet += 5; moduleLet');
  const r3 = eval('typeof moduleVar + ":" + moduleConst.v');
  return [r1, counter, typeof leaked, leaked, r2, r3];
}
console.log(direct(), moduleLet);
function indirect() {
  const local = 'hidden';
  const geval = eval;
  const r = geval('typeof local');
  const r2 = (0, eval)('typeof moduleVar');
  return [r, r2];
}
console.log(indirect());
function strictEval() {
  'use strict';
  eval('var inner = 1');
  return typeof inner;
}
console.log(strictEval());
const add = new Function('a', 'b = 2', 'return a + b + (typeof moduleLet);');
console.log(add(1), add(1, 1), add.name, add.length, typeof add);
const makeGetter = new Function('obj', 'key', 'return obj?.[key] ?? "missing"');
console.log(makeGetter({ a: 1 }, 'a'), makeGetter(null, 'a'));
const AsyncFunction = (async () => {}).constructor;
const af = new AsyncFunction('x', 'return (await x) * 2');
af(Promise.resolve(21)).then((v) => console.log('async function from string', v));
const GeneratorFunction = function* () {}.constructor;
const gf = new GeneratorFunction('n', 'for (let i = 0; i < n; i++) yield i * i');
console.log([...gf(4)]);
const calc = (expr, scope) => { const { x, y } = scope; return eval(expr); };
console.log(calc('x * y + 1', { x: 6, y: 7 }), calc('[x, y].map(v => v * 2)', { x: 1, y: 2 }));
console.log(eval('(function named() { return this === globalThis; })()'), eval('({ a: 1 })').a, eval('1; 2; 3'));
try { eval('let x = ;'); } catch (e) { console.log(e.constructor.name, e.message); }
try { eval('undefinedThing.prop'); } catch (e) { console.log(e.constructor.name, e.message); }
try { new Function('return +')(); } catch (e) { console.log(e.constructor.name, e.message); }
globalThis.shadow = 'outer';
function shadowing() { var shadow = 'inner'; return [eval('shadow'), (0, eval)('shadow'), globalThis.shadow]; }
console.log(shadowing());
eval('var fromEvalAtTop = 7');
console.log(typeof fromEvalAtTop, fromEvalAtTop, 'fromEvalAtTop' in globalThis);
delete globalThis.shadow;
const snippet = 'this.tag = "set by snippet"; return this';
const host = {};
console.log(new Function(snippet).call(host) === host, host.tag);
function evalInClosure() { let hidden = 1; const peek = () => eval('hidden++'); peek(); peek(); return hidden; }
console.log(evalInClosure(), moduleLet);
