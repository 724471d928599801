module.exports = { kind: 'cjs', add: (a, b) => a + b };
module.exports.named = 'named-export';
