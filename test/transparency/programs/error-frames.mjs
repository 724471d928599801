// Errors thrown from deep inside: constructor name, message, and where the first frame points (file:line:column).
const where = (e) => { const m = /([^/\\(]+):(\d+):(\d+)\)?$/.exec(e.stack.split('\n')[1].trim()); return m ? `${m[1]}:${m[2]}:${m[3]}` : e.stack.split('\n')[1].trim(); };
const report = (label, e) => console.log(`${label}: ${e.constructor.name} | ${e.message} | ${where(e)}`);
class ValidationError extends Error { constructor(field) { super(`invalid ${field}`); this.name = 'ValidationError'; this.field = field; } }
const config = { db: { pool: { size: 4 } }, handlers: {} };
function level3(o) { return o.db.pool.missing.value; }
function level2(o) { return level3(o); }
function level1(o) { return level2(o); }
try { level1(config); } catch (e) { report('deep property', e); }
try { config.handlers.onStart(); } catch (e) { report('missing handler', e); }
try { JSON.parse('{bad json'); } catch (e) { report('json', e); }
try { new Array(-1); } catch (e) { report('range', e); }
try { (function validate(u) { if (!u.email) throw new ValidationError('email'); })({}); } catch (e) { report('custom', e); console.log(e.field, e.name, e instanceof ValidationError); }
class Repo {
  #rows = [{ id: 1 }];
  find(id) { const row = this.#rows.find((r) => r.id === id); if (!row) throw new Error(`row ${id} not found`); return row; }
  get first() { return this.find(0); }
  static create(flag) { if (flag) throw new TypeError('static failure'); return new Repo(); }
}
const repo = new Repo();
try { repo.find(2); } catch (e) { report('method', e); }
try { repo.first; } catch (e) { report('getter', e); }
try { Repo.create(true); } catch (e) { report('static', e); }
try { [1, 2, 3].map((x) => { if (x === 2) throw new Error('in callback'); return x; }); } catch (e) { report('callback', e); }
try { new (class Broken { constructor() { this.x = undefined.y; } })(); } catch (e) { report('constructor', e); }
try { const list = [1, 2]; list.forEach((n) => { list.x.y = n; }); } catch (e) { report('forEach', e); }
try { const m = new Map([['k', null]]); m.get('k').value; } catch (e) { report('map value', e); }
try { const fn = null; fn(); } catch (e) { report('null call', e); }
try { let undef; undef.prop = 1; } catch (e) { report('set on undefined', e); }
try { Symbol() + ''; } catch (e) { report('symbol concat', e); }
try { BigInt(1.5); } catch (e) { report('bigint', e); }
try { null[Symbol.iterator]; } catch (e) { report('null symbol key', e); }
try { throw new AggregateError([new Error('a')], 'many'); } catch (e) { report('aggregate', e); }
try { ({}).x.y.z; } catch (e) { report('literal chain', e); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function asyncLevel2(o) { await sleep(1); return o.db.cache.ttl; }
async function asyncLevel1(o) { const v = await asyncLevel2(o); return v; }
try { await asyncLevel1(config); } catch (e) { report('async deep', e); console.log(e.stack.split('\n').slice(1, 3).map((l) => l.trim().replace(/\(.*[/\\]/, '(')).join(' / ')); }
try { await Promise.reject(new ValidationError('async field')); } catch (e) { report('rejected', e); }
const throwLater = async () => { await null; throw new RangeError('after await'); };
try { await throwLater(); } catch (e) { report('async arrow', e); }
function* gen() { yield 1; throw new Error('from generator'); }
try { [...gen()]; } catch (e) { report('generator', e); }
try { await new Promise((_, rej) => setTimeout(() => rej(new Error('timer reject')), 1)); } catch (e) { report('timer', e); }
const e2 = new Error('outer', { cause: new TypeError('root cause') });
console.log(e2.cause.constructor.name, e2.cause.message, where(e2), where(e2.cause));
