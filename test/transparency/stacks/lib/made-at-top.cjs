// Errors made while this module loads that never leave it: one its importer reads, one caught here.
function make() { return new Error('made by a module as it loads'); }
module.exports = make();
try { JSON.parse('{'); } catch (e) { console.log(`--- caught-at-top\n${e.stack}`); }
