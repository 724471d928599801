// A module not found, two of the program's calls below the require.
function load() { return require('./missing-thing'); }
function outer() { return load(); }
try { outer(); } catch (e) { console.log(`--- require-missing\n${e.stack}`); }
