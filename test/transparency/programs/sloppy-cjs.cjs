// Sloppy-mode CommonJS: module wrapper arguments, top-level this, implicit globals, arguments aliasing.
const path = require('node:path');
console.log(arguments.length, typeof arguments[0], typeof arguments[1], arguments[2] === module, path.basename(arguments[3]), path.basename(arguments[4]));
console.log(this === module.exports, this === exports, typeof this);
implicitGlobal = 'created without declaration';
console.log(globalThis.implicitGlobal, delete globalThis.implicitGlobal, typeof implicitGlobal);
function sloppyThis() { return this === globalThis; }
function strictThis() { 'use strict'; return this; }
console.log(sloppyThis(), strictThis(), sloppyThis.call(5) , typeof (function () { return this; }).call(5));
function alias(a, b) { arguments[0] = 'changed'; b = 'b-changed'; return [a, arguments[1], arguments.length]; }
function noAlias(a, b = 1) { arguments[0] = 'changed'; return [a, arguments[0]]; }
console.log(alias('orig', 'b'), noAlias('orig'));
function callee() { return typeof arguments.callee; }
console.log(callee(), (function () { return arguments.length; })(1, 2, 3));
let counter = 1;
const bumpCounter = () => { counter = 2; };
bumpCounter();
var declaredVar = 1;
console.log(delete counter, delete declaredVar, counter, declaredVar, delete Math.PI, Math.PI > 3);
console.log(010 + 1, 0o10, '\101', typeof NaN, undefined === void 0);
NaN = 5; undefined = 'x'; Infinity = 0;
console.log(NaN, undefined, Infinity);
const frozen = Object.freeze({ v: 1 });
frozen.v = 2; frozen.extra = 3; delete frozen.v;
console.log(frozen, 'extra' in frozen);
if (true) { function blockFn() { return 'annex-b hoisted'; } }
console.log(typeof blockFn, blockFn());
console.log(typeof laterFn, laterFn());
function laterFn() { return 'hoisted'; }
var twice = 1; var twice = 2;
console.log(twice, typeof hoistedVar, hoistedVar);
var hoistedVar = 'assigned';
function dupParams(a, a2, a) { return a; }
console.log(dupParams(1, 2, 3));
const obj = { dup: 1, dup: 2 };
console.log(obj.dup, (function () { return typeof this; })(), (() => typeof this)());
label: { console.log('in label'); break label; }
x1 = y1 = 'chain';
console.log(typeof x1, y1, delete globalThis.x1, delete globalThis.y1);
try { undeclaredRead; } catch (e) { console.log(e.constructor.name, e.message); }
try { null.prop; } catch (e) { console.log(e.constructor.name, e.message); }
exports.done = true;
console.log(module.exports.done, require.main === module);
