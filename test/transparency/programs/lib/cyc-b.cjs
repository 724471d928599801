const a = require('./cyc-a.cjs');
exports.sawA = a.stage;
exports.aKeysAtLoad = Object.keys(a).join(',');
exports.stage = 'b-done';
exports.describe = () => `b sees a.stage=${a.stage}, a.count=${typeof a.count === 'function' ? a.count() : 'missing'}`;
