// Getters on module.exports, module.exports replaced by a function, JSON require, require cache.
const lib = require('./lib/exports-getters.cjs');
const greet = require('./lib/exports-function.cjs');
const config = require('./lib/config.json');
console.log(lib.hits, lib.hits, lib.state, lib.loadedAt, lib.self());
lib.setState('changed');
console.log(lib.state, Object.keys(lib), JSON.stringify(lib));
const { hits, state } = lib;
console.log(hits, state, lib.hits);
console.log(greet('ann'), greet.shout('bob'), greet.version, greet.later, typeof greet, Object.keys(greet));
console.log(config.name, config.version, config.features.length, config.nested.on, Object.keys(config));
config.version += 1;
config.features.push('c');
const again = require('./lib/config.json');
console.log(again === config, again.version, again.features, require('./lib/exports-getters.cjs') === lib);
const path = require('node:path');
const resolved = require.resolve('./lib/config.json');
console.log(path.basename(resolved), path.relative(__dirname, resolved), Object.keys(require.cache).map((f) => path.basename(f)).sort());
delete require.cache[resolved];
const fresh = require('./lib/config.json');
console.log(fresh === config, fresh.version, fresh.features);
console.log(module.id, typeof module.exports, module.exports === exports, this === module.exports, path.basename(__filename), path.basename(__dirname));
exports.mine = 1;
Object.defineProperty(module.exports, 'computed', { get() { return exports.mine * 10; }, enumerable: true });
console.log(module.exports, Object.getOwnPropertyNames(module.exports), typeof require.main, require.main === module);
try { require('./lib/does-not-exist.cjs'); } catch (e) { console.log(e.constructor.name, e.code, e.message.split('\n')[0].replace(__dirname, '<dir>')); }
try { lib.hits = 5; } catch (e) { console.log(e.constructor.name, e.message); }
const json = JSON.parse(JSON.stringify(config));
console.log(json, require('node:util').isDeepStrictEqual(json, config));
