// CommonJS errors: constructor name, message and the raw first stack frame (err.stack.split('\n')[1]).
const path = require('node:path');
const frame = (e) => e.stack.split('\n')[1].trim().split(path.dirname(__filename)).join('<dir>');
const report = (label, e) => console.log(`${label}: ${e.constructor.name} | ${e.message} | ${frame(e)}`);
function parseUser(raw) {
  const data = JSON.parse(raw);
  if (typeof data.age !== 'number') throw new TypeError(`age must be a number, got ${typeof data.age}`);
  return data;
}
try { parseUser('{"age":"x"}'); } catch (e) { report('validate', e); }
try { parseUser('{'); } catch (e) { report('parse', e); }
const service = {
  cache: new Map(),
  lookup(id) { return this.cache.get(id).name; },
  run(task) { return task.steps.reduce((acc, s) => acc + s.weight, 0); },
};
try { service.lookup('nope'); } catch (e) { report('map miss', e); }
try { service.run({ steps: [{ weight: 1 }, null] }); } catch (e) { report('reduce', e); }
try { service.run({}); } catch (e) { report('no steps', e); }
function Legacy() { this.items = []; }
Legacy.prototype.add = function (x) { if (x == null) throw new Error('nothing to add'); this.items.push(x); return this; };
try { new Legacy().add(1).add(null); } catch (e) { report('prototype method', e); }
try { require('./lib/throws-on-load.cjs'); } catch (e) { report('throws on load', e); }
const obj = { get broken() { throw new Error('getter threw'); } };
try { obj.broken; } catch (e) { report('getter', e); }
try { Object.defineProperty(Object.freeze({}), 'x', { value: 1 }); } catch (e) { report('defineProperty', e); }
try { ''.repeat(-1); } catch (e) { report('repeat', e); }
try { decodeURIComponent('%'); } catch (e) { report('uri', e); }
try { (function recurse(n) { return n === 0 ? undefined.x : recurse(n - 1); })(3); } catch (e) { report('recursion', e); }
async function loadAll(ids) { const out = []; for (const id of ids) { await null; out.push(service.cache.get(id).name); } return out; }
loadAll(['a']).catch((e) => report('async loop', e)).then(() => {
  setTimeout(function onTimer() { try { null.timer; } catch (e) { report('in timer', e); } }, 1);
});
process.nextTick(() => { try { undefinedFunction(); } catch (e) { report('nextTick', e); } });
