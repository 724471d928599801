// An import of a module that is not there: Node's frames only, none of the detector's.
try { await import('./missing-module.mjs'); } catch (e) { console.log(`--- import-missing\n${e.stack}`); }
