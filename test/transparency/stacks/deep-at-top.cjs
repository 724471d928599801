// An error deeper than the limit, made and caught by the top-level code of a required module and of the
// entry: every frame of it is the program's, and there are as many as the limit lets V8 keep (10), not
// as many as the raised limit recorded while the detector's wrapper of the load ran.
function recurse(n) { if (n === 0) throw new Error('deep'); return recurse(n - 1); }
try { recurse(25); } catch (e) { console.log(`--- deep-at-top\n${e.stack}`); }
console.log(`--- deep-in-required\n${require('./lib/deep-at-top.cjs').stack}`);
