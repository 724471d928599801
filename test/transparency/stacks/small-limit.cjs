// The program sets its own limit at its top level, inside the detector's wrappers of its own load.
Error.stackTraceLimit = 4;
function load() { return require('./missing-thing'); }
try { load(); } catch (e) { console.log(`--- small-limit\n${e.stack}`); }
Error.stackTraceLimit = 7;
console.log(`--- made-at-top\n${require('./lib/made-at-top.cjs').stack}`);
