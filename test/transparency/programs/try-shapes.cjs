// try statements in every position the instrumenter wraps in a block: unbraced if/else bodies, a
// label with break, switch cases, loops with continue, finally overriding a return, nested tries, a
// generator that yields inside try, an async function that awaits in try, and calls whose arguments
// throw. Sloppy-mode CommonJS, so Annex B function-in-block hoisting applies.
const out = [];
const m = new Map([['a', 1]]);
const boom = (why) => {
  throw new Error(why);
};
function unbraced(flag) {
  if (flag) try { out.push(m.get(boom('if'))); } catch (e) { out.push('caught ' + e.message); }
  else try { out.push(m.get('a')); } finally { out.push('finally else'); }
}
unbraced(true);
unbraced(false);
outer: try {
  for (let i = 0; i < 3; i++) {
    try {
      if (i === 1) break outer;
      out.push('loop ' + i);
    } finally { out.push('inner finally ' + i); }
  }
} finally { out.push('outer finally'); }
for (const k of ['a', 'b']) {
  try {
    if (k === 'a') continue;
    out.push(m.get(boom(k)));
  } catch (e) { out.push('continue-catch ' + e.message); }
}
switch (m.size) {
  case 1:
    try { out.push(m.has(boom('case'))); } catch { out.push('case caught'); }
    break;
  default:
    out.push('never');
}
function overriding() {
  try { return 'try'; } finally {
    // eslint-disable-next-line no-unsafe-finally
    return 'finally';
  }
}
out.push(overriding());
function annexB() {
  try { function hoisted() { return 'hoisted'; } } catch {}
  return typeof hoisted === 'function' ? hoisted() : 'not hoisted';
}
out.push(annexB());
function* gen() {
  try {
    out.push('gen got ' + (yield 1));
    m.get(boom('gen'));
  } catch (e) {
    out.push('gen caught ' + e.message);
    yield 2;
  } finally { out.push('gen finally'); }
}
const g = gen();
out.push(g.next().value, g.next('x').value, g.next().done);
async function later() {
  try {
    await null;
    return m.get(boom('async'));
  } catch (e) { return 'async caught ' + e.message; }
}
later().then((v) => {
  out.push(v);
  try {
    m.set('z', m.get(boom('nested outer')));
  } catch (e) {
    try { m.set(boom('nested inner'), 1); } catch (e2) { out.push(e.message + ' / ' + e2.message); }
  }
  out.push([...m.keys()].join(','));
  console.log(out.join('\n'));
});
