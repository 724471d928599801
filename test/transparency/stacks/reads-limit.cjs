// The limit as a module's top-level code reads it, while the detector's wrappers of its load run.
console.log(`main ${Error.stackTraceLimit}`);
require('./lib/reads-limit.cjs');
