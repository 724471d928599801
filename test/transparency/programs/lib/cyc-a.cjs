exports.stage = 'a-start';
const b = require('./cyc-b.cjs');
exports.fromB = `a saw b.stage=${b.stage}, b saw a.stage=${b.sawA}`;
exports.stage = 'a-done';
exports.callB = () => b.describe();
let calls = 0;
exports.count = () => ++calls;
