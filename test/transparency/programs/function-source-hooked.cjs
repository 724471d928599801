// Function source text of code a require hook rewrote before the detector saw it (what
// babel-register, esbuild-register and pirates do): the text is the hook's output, not the file's;
// and built-ins the program replaces after start are never called by the detector's wrappers.
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const original = Module._extensions['.js'];
Module._extensions['.cjs'] = function (module, filename) {
  if (path.basename(filename) !== 'hooked-target.cjs') return original(module, filename);
  const source = fs.readFileSync(filename, 'utf8').replace('__MODE__', '"production"');
  module._compile(source, filename);
};
const target = require('./lib/hooked-target.cjs');
console.log(target.mode(), target.stats.calls);
console.log(String(target.mode));

// A program that replaces Reflect.apply and String.prototype.includes after start (a mock, a
// polyfill): its output is still written, and toString does not call them.
let includesCalls = 0;
const includes = String.prototype.includes;
String.prototype.includes = function (...args) {
  includesCalls++;
  return Reflect.apply(includes, this, args);
};
const realApply = Reflect.apply;
Reflect.apply = () => 'replaced';
function local(a) {
  return target.stats.calls + a;
}
const text = String(local);
Reflect.apply = realApply;
String.prototype.includes = includes;
console.log(text);
console.log('includes called', includesCalls, 'times');
Reflect.apply = () => 'replaced';
console.log('written after Reflect.apply was replaced');
// Modules required meanwhile still compile, and a new key is still added while call is replaced.
const greet = require('./lib/exports-function.cjs');
Reflect.apply = realApply;
const call = Function.prototype.call;
Function.prototype.call = () => {
  throw new Error('call replaced');
};
const late = {};
late[greet('x')] = greet.version;
Function.prototype.call = call;
console.log(JSON.stringify(late));
