// A required module's top-level code throws: the error passes Module.prototype._compile.
function load() { return require('./lib/throws-at-top.cjs'); }
function outer() { return load(); }
try { outer(); } catch (e) { console.log(`--- throws-on-load\n${e.stack}`); }
