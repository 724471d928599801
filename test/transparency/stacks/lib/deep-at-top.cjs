// Required: its top level runs inside the detector's wrapper of Module.prototype._compile.
function recurse(n) { if (n === 0) return new Error('deep in a required module'); return recurse(n - 1); }
module.exports = recurse(25);
