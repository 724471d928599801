// Proxies and accessors seen by assignments whose right-hand side awaits (one flow, no concurrency).
const log = [];
function traced(name, target) {
  return new Proxy(target, {
    get(t, k, r) { log.push(`${name}.get ${String(k)}`); return Reflect.get(t, k, r); },
    set(t, k, v, r) { log.push(`${name}.set ${String(k)}=${Array.isArray(v) ? 'arr' : v}`); return Reflect.set(t, k, v, r); },
  });
}
const value = async (v) => { log.push(`value ${v}`); return v; };
const flush = (label) => { console.log(label.padEnd(16), log.join(', ')); log.length = 0; };
const state = traced('state', { total: 1, name: 'n', list: [], inner: traced('inner', { count: 0 }), flag: null });
async function main() {
  state.total = await value(10); flush('= await');
  state.total += await value(5); flush('+= await');
  state.inner.count = await value(3); flush('inner = await');
  state.inner.count *= await value(2); flush('inner *= await');
  state.flag ??= await value('set'); flush('??= await');
  state.flag ||= await value('skip'); flush('||= await');
  state.name &&= await value('renamed'); flush('&&= await');
  state.list.push(await value(7)); flush('push(await)');
  state.list.push(1, await value(8)); flush('push(1, await)');
  const queue = traced('queue', []);
  queue.push(await value('job')); flush('proxy push(await)');
  const k = 'total';
  state[k] -= await value(1); flush('[k] -= await');
  const box = { get inner() { log.push('box.inner getter'); return this._inner; }, _inner: { n: 1 } };
  box.inner.n += await value(4); flush('getter += await');
  box.inner.n = await value(6); flush('getter = await');
  box.inner.n ??= await value(0); flush('getter ??= await');
  const acc = { _v: 1, get v() { log.push('get v'); return this._v; }, set v(x) { log.push(`set v ${x}`); this._v = x; } };
  acc.v += await value(2); flush('accessor += await');
  acc.v ||= await value(100); flush('accessor ||=');
  return [state.total, state.inner.count, state.flag, state.name, state.list.length, box._inner.n, acc.v];
}
const result = await main();
log.length = 0;
console.log(result);
