// try/catch/finally around rejected awaits: values and the order of log lines.
const fail = (msg, ms = 1) => new Promise((_, reject) => setTimeout(() => reject(new Error(msg)), ms));
const ok = (v, ms = 1) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
async function step(name, p) {
  console.log(`${name}: start`);
  try {
    const v = await p;
    console.log(`${name}: value ${v}`);
    return v;
  } catch (e) {
    console.log(`${name}: caught ${e.message}`);
    return `recovered(${e.message})`;
  } finally {
    console.log(`${name}: finally`);
  }
}
async function overridingFinally() {
  try { await fail('lost'); } finally { return 'finally wins'; }
}
async function rethrow() {
  try { await fail('inner'); } catch (e) { throw new Error(`outer(${e.message})`, { cause: e }); } finally { console.log('rethrow: finally'); }
}
async function nested() {
  try {
    try { await fail('deep'); } finally { console.log('nested: inner finally'); await ok('x'); console.log('nested: after await in finally'); }
  } catch (e) { console.log(`nested: outer caught ${e.message}`); }
  return 'nested done';
}
async function loopWithErrors() {
  const out = [];
  for (const [i, p] of [ok(1), fail('two'), ok(3)].entries()) {
    try { out.push(await p); } catch (e) { out.push(`E:${e.message}`); continue; } finally { out.push(`f${i}`); }
  }
  return out.join(',');
}
async function main() {
  console.log(await step('A', ok('fine')));
  console.log(await step('B', fail('bad')));
  console.log(await overridingFinally());
  try { await rethrow(); } catch (e) { console.log(e.message, e.cause.message, e.constructor.name); }
  console.log(await nested());
  console.log(await loopWithErrors());
  const settled = await Promise.allSettled([ok(1), fail('x'), Promise.reject(new TypeError('t'))]);
  console.log(settled.map((s) => (s.status === 'fulfilled' ? s.value : `${s.reason.constructor.name}:${s.reason.message}`)));
  try { await Promise.all([ok(1), fail('later-fail', 30), Promise.reject(new Error('immediate-fail'))]); } catch (e) { console.log('all rejected with', e.message); }
  try { await Promise.any([fail('a'), fail('b')]); } catch (e) { console.log(e.constructor.name, e.message, e.errors.map((x) => x.message)); }
  console.log(await Promise.race([ok('slow', 30), ok('fast', 1)]), await Promise.any([fail('n'), ok('any ok', 2)]));
  const thrower = async () => { throw new RangeError('sync throw in async'); };
  await thrower().catch((e) => console.log('caught via .catch', e.constructor.name, e.message));
  const p = thrower();
  const r = await p.then(() => 'no', (e) => `handled ${e.message}`).finally(() => console.log('promise.finally'));
  console.log(r);
  try { await null; null.boom; } catch (e) { console.log(e.constructor.name, e.message); }
  try { await { then(_, reject) { reject('plain string reason'); } }; } catch (e) { console.log(typeof e, e); }
  let attempts = 0;
  const retry = async (fn, n) => { for (let i = 0; i < n; i++) { try { return await fn(); } catch (e) { console.log(`retry ${i}: ${e.message}`); } } throw new Error('gave up'); };
  console.log(await retry(async () => { attempts += 1; if (attempts < 3) throw new Error(`attempt ${attempts}`); return 'succeeded'; }, 5));
  await retry(() => fail('always'), 2).catch((e) => console.log(e.message));
}
main().then(() => console.log('done'), (e) => console.log('unexpected', e));
