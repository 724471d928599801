#!/usr/bin/env node
'use strict';
// A hashbang line and a 'use strict' directive in CommonJS: strict semantics must survive instrumentation.
const attempt = (label, fn) => { try { console.log(label, 'ok', fn()); } catch (e) { console.log(label, e.constructor.name, e.message); } };
attempt('undeclared assignment', () => { notDeclared = 1; });
attempt('this in function', function () { return (function () { return this; })(); });
attempt('frozen write', () => { const f = Object.freeze({ a: 1 }); f.a = 2; });
attempt('delete non-configurable', () => delete Object.prototype);
attempt('arguments no alias', () => (function (a) { arguments[0] = 9; return a; })(1));
attempt('callee', () => (function () { return arguments.callee; })());
attempt('primitive prop', () => { const s = 'str'; s.prop = 1; });
attempt('getter only', () => { const o = { get g() { return 1; } }; o.g = 2; });
attempt('eval scope', () => { eval('var fromEval = 1'); return typeof fromEval; });
attempt('fn.caller', () => (function inner() { return inner.caller; })());
attempt('octal escape via eval', () => eval('"\\101"'));
let counter = 0;
const bump = () => { counter += 1; return counter; };
attempt('module let', () => [bump(), bump(), counter]);
const directives = (function () { 'use strict'; 'another directive'; return typeof this; })();
console.log(directives, typeof module, require.main === module);
class Temp { static make() { return new this(); } constructor() { this.made = new.target === Temp; } }
console.log(Temp.make().made, JSON.stringify(Temp.make()));
async function strictAsync() { 'use strict'; await null; try { undeclaredAsync = 1; } catch (e) { return e.constructor.name; } return 'no error'; }
strictAsync().then((r) => console.log('async', r));
