// A program with path aliases: the detector resolves them (src/found.cjs), and its resolver is in
// Node's way when a name is not found. Plain Node finds neither alias; only the second is compared.
try { console.log(require('@/found.cjs')); } catch { console.log('found through an alias'); }
function load() { return require('@/missing'); }
function outer() { return load(); }
try { outer(); } catch (e) { console.log(`--- alias-missing\n${e.stack}`); }
