// Shapes minifiers write (esbuild, terser, babel-minify): a keyword against its operand, with no
// space (`return(o).n`, `await(0,f)(x)`, `case"a".length`), and computed keys in parentheses
// (`o[(0,k)]`, `cache[/* note */ ("$" + t)]`). A call inserted in front of such an operand must not be
// glued to the keyword, and the key's parentheses must stay.
var o = { a: { b: 1 }, n: 2, k: [3], B: class {}, f: async (t) => 'f:' + t, s: 'str' };
function out(v) { console.log(JSON.stringify(v)); }
function t(name, fn) { try { out([name, fn()]); } catch (e) { out([name, 'threw ' + e.name + ': ' + e.message]); } }
t('return', function () { return(o).n; });
t('typeof', function () { return typeof(o).n; });
t('void', function () { return void[o][0].n; });
t('delete', function () { var q = { a: 1 }; return delete(q).a; });
t('throw', function () { try { throw(o).n; } catch (e) { return e; } });
t('yield', function () { return [...(function* () { yield(o).n; yield"s".length; })()]; });
t('else', function () { var r = { n: 0 }; if (0); else(r).n = 9; return r.n; });
t('case', function () { switch (2) { case(o).n: return 'hit'; default: return 'miss'; } });
t('in', function () { var keys = []; for (var k in(o).a) keys.push(k); return keys; });
t('of', function () { var xs = []; for (const x of(o).k) xs.push(x); return xs; });
t('extends', function () { class C extends(o).B {} return typeof C; });
t('instanceof', function () { return new o.B() instanceof(o).B; });
t('new', function () { return typeof new(o).B(); });
t('do', function () { var r = { n: 0 }; do(r).n++; while ((r).n < 3); return r.n; });
t('string member', function () { return"abc".length + typeof`x`.length; });
var cache = {}, key = 'x';
t('computed keys', function () {
  cache[(key)] = 1;
  cache[/* a note */ ('$' + key)] = 2;
  cache[(0, key)]++;
  delete cache[('$x')];
  const { [(key)]: v } = cache;
  return [cache, v, cache[(0, 'x')], cache /* c */ [ /* d */ key ]];
});
(async function () {
  out(['await', await(0, o.f)('x'), await[o][0].n, await"s".length]);
  var r = { n: 0 };
  for await (const x of(o).k) r.n += x;
  out(['for await', r.n]);
})();
