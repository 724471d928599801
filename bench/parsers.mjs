// Parser / TS-transpiler benchmark for choosing racedetect's instrumentation front end.
//   node bench/parsers.mjs     env: PARSERS_BENCH_RUNS (timed runs per process, default 9),
//                                   PARSERS_BENCH_PROCS (fresh processes per case, default 3)
// Packages come from ./node_modules first, then from $PARSERS_BENCH_MODULES (a folder that holds,
// or is, a node_modules). Nothing is installed: missing candidates are named and skipped.
// Every case runs in its own fresh processes (V8's JIT state after one parser skews the next
// by up to 2x); its reported median pools the timed runs of all those processes.
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const EXTRA = process.env.PARSERS_BENCH_MODULES;
const NM_DIRS = [join(ROOT, 'node_modules'), ...(EXTRA ? [join(EXTRA, 'node_modules'), EXTRA] : [])].filter((d) => existsSync(d));
const RUNS = Math.max(7, Number(process.env.PARSERS_BENCH_RUNS) || 9);
const PROCS = Math.max(1, Number(process.env.PARSERS_BENCH_PROCS) || 3);
const PKGS = { acorn: 'acorn', walk: 'acorn-walk', MS: 'magic-string', meriyah: 'meriyah', oxc: 'oxc-parser',
  swc: '@swc/core', esbuild: 'esbuild', oxcT: 'oxc-transform', ts: 'typescript' };
// ---- packages: the first node_modules that has one wins -------------------------------------------
function locate(name) {
  const nm = NM_DIRS.find((d) => existsSync(join(d, name, 'package.json')));
  return nm && { path: createRequire(join(nm, '_')).resolve(name), version: JSON.parse(readFileSync(join(nm, name, 'package.json'), 'utf8')).version };
}
const found = Object.fromEntries(Object.entries(PKGS).map(([k, name]) => [k, locate(name)]).filter(([, v]) => v));
const load = (k) => { const m = createRequire(SELF)(found[k].path); return k === 'MS' ? m.default ?? m : m; };
// ---- timing: warm-up (>= 3 calls and >= 500 ms of CPU, so the JIT settles even when other processes
// delay V8's background compiler), then RUNS runs, small inputs batched to >= 20 ms, reported per call.
// Wall time and this process's CPU time (all threads) are both kept: CPU time is steadier on a shared
// machine. No forced gc() between runs: a full GC shrinks the young generation, next runs got 3-5x slower.
function measure(fn) {
  const cpuMs = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  for (let n = 0, c0 = process.cpuUsage(); n < 3 || cpuMs(c0) < 500; n++) fn();
  const t0 = performance.now(); fn();
  const batch = Math.max(1, Math.ceil(20 / Math.max(performance.now() - t0, 1e-3)));
  const wall = [], cpu = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    for (let i = 0; i < batch; i++) fn();
    cpu.push(cpuMs(c0) / batch);
    wall.push((performance.now() - t0) / batch);
  }
  return { wall, cpu };
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const f = (ms) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB`;
// ---- cases: make(mods, src) returns the timed closure; info(mods, src) an optional note ----------
const AOPT = { ecmaVersion: 'latest', sourceType: 'module' };
const CASES = [];
const add = (section, input, tool, needs, make, info) => CASES.push({ section, input, tool, needs, make, info });
// Generic deep walk over plain objects: touches every node of a materialised AST.
const deepWalk = (node, n = 0) => { for (const k in node) { const v = node[k]; if (v && typeof v === 'object') n += 1 + deepWalk(v); } return n; };
// Instrumentation: every non-computed member read `a.b` becomes `__rd.r(a, "b", ID).b` (r returns its
// first argument, so `this` of calls is kept). Writes are left alone (assignment and destructuring
// targets, which acorn-walk also reports as MemberPattern; for-in/of heads; update/delete operands),
// and so are `super.x`, optional chains, private names and `new a.b()` callees, where this rewrite
// would change the meaning.
function instrument({ acorn, walk, MS }, src, hires) {
  const ast = acorn.parse(src, AOPT);
  const reads = [], skip = new Set();
  walk.simple(ast, {
    MemberExpression(n) { if (!n.computed && !n.optional && n.property.type === 'Identifier' && n.object.type !== 'Super') reads.push(n); },
    MemberPattern(n) { skip.add(n); },
    ForInStatement(n) { skip.add(n.left); },
    ForOfStatement(n) { skip.add(n.left); },
    UpdateExpression(n) { skip.add(n.argument); },
    UnaryExpression(n) { if (n.operator === 'delete') skip.add(n.argument); },
    NewExpression(n) { skip.add(n.callee); },
    ChainExpression(n) { walk.simple(n.expression, { MemberExpression: (m) => skip.add(m) }); },
  });
  const s = new MS(src);
  let id = 0;
  for (const n of reads) { // post-order: inner reads come first, prependLeft then nests the outer call around them
    if (skip.has(n)) continue;
    const seq = n.object.type === 'SequenceExpression';
    s.prependLeft(n.object.start, seq ? '__rd.r((' : '__rd.r(');
    s.appendLeft(n.object.end, `${seq ? ')' : ''}, ${JSON.stringify(n.property.name)}, ${++id})`);
  }
  const map = hires === undefined ? '' : s.generateMap({ hires, source: 'input.js', includeContent: true }).toString();
  return { code: s.toString(), map, sites: id, members: reads.length };
}
for (const input of ['big', 'small']) {
  add('parse', input, 'acorn (locations: false)', ['acorn'], ({ acorn }, src) => () => acorn.parse(src, AOPT));
  add('parse', input, 'acorn (locations: true)', ['acorn'], ({ acorn }, src) => () => acorn.parse(src, { ...AOPT, locations: true }));
  add('parse', input, '(reference: deepWalk of an acorn AST alone)', ['acorn'], ({ acorn }, src) => ((ast) => () => deepWalk(ast))(acorn.parse(src, AOPT)));
  add('parse', input, 'meriyah (ranges: true)', ['meriyah'], ({ meriyah }, src) => () => meriyah.parse(src, { sourceType: 'module', ranges: true }), 'ESTree');
  add('parse', input, 'oxc-parser parseSync, AST untouched', ['oxc'], ({ oxc }, src) => () => oxc.parseSync('x.mjs', src), 'Rust parse + AST serialised to a JSON string; no JS objects');
  add('parse', input, 'oxc-parser parseSync + .program + deepWalk', ['oxc'], ({ oxc }, src) => () => deepWalk(oxc.parseSync('x.mjs', src).program), 'ESTree, UTF-16 offsets; raw-transfer/lazy modes need Node >= 22');
  add('parse', input, '@swc/core parseSync', ['swc'], ({ swc }, src) => () => swc.parseSync(src, { syntax: 'ecmascript', target: 'esnext' }), 'not ESTree; spans are UTF-8 byte offsets + 1');
}
for (const input of ['big', 'small']) {
  for (const [hires, what] of [[true, 'map hires: true'], ['boundary', "map hires: 'boundary'"], [undefined, 'no map']]) {
    add('instrument', input, `acorn + acorn-walk + magic-string, ${what}`, ['acorn', 'walk', 'MS'], (m, src) => () => instrument(m, src, hires), (m, src) => {
      const r = instrument(m, src, hires);
      m.acorn.parse(r.code, AOPT); // sanity: the output still parses
      return `${r.members} non-computed member expressions, ${r.sites} reads rewritten; output +${((r.code.length / src.length - 1) * 100).toFixed(0)}%${r.map ? `, map ${kb(r.map)}` : ''}`;
    });
  }
}
// TypeScript → JS, synchronous APIs, source maps on. `run` is also shipped as text to cold-start children.
const TS_TOOLS = [
  ['esbuild', 'esbuild transformSync', (m, src) => m.transformSync(src, { loader: 'ts', format: 'esm', target: 'es2022', sourcemap: 'external', sourcefile: 'x.ts' })],
  ['swc', '@swc/core transformSync', (m, src) => m.transformSync(src, { filename: 'x.ts', sourceMaps: true, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } })],
  ['oxcT', 'oxc-transform transformSync', (m, src) => (m.transformSync ?? m.transform)('x.ts', src, { sourcemap: true, target: 'es2022' })],
  ['ts', 'typescript transpileModule', (m, src) => m.transpileModule(src, { fileName: 'x.ts', compilerOptions: { target: m.ScriptTarget.ES2022, module: m.ModuleKind.ESNext, sourceMap: true } })],
];
for (const [k, tool, run] of TS_TOOLS) {
  add('ts', 'ts', tool, [k], (m, src) => () => run(m[k], src), (m, src) => {
    const out = run(m[k], src), code = out.code ?? out.outputText;
    const errors = out.errors?.length ? `, ${out.errors.length} errors: ${out.errors[0].message}` : '';
    return `${out.map || out.sourceMapText ? 'yes' : 'no'}|${code.length}${errors}`;
  });
}
// ---- child mode: node parsers.mjs --case N DIR → JSON { wall, cpu, info } --------------------------
if (process.argv[2] === '--case') {
  const c = CASES[Number(process.argv[3])];
  const mods = Object.fromEntries(c.needs.map((k) => [k, load(k)]));
  const src = readFileSync(join(process.argv[4], c.input), 'utf8');
  const info = typeof c.info === 'function' ? c.info(mods, src) : c.info;
  console.log(JSON.stringify({ ...measure(c.make(mods, src)), info }));
  if (mods.esbuild) mods.esbuild.stop?.();
  process.exit(0);
}
// ---- parent: build the inputs ------------------------------------------------------------------
const missing = Object.keys(PKGS).filter((k) => !found[k]).map((k) => PKGS[k]);
if (missing.length) console.log(`Missing (skipped): npm i -D ${missing.join(' ')}   (or set PARSERS_BENCH_MODULES)\n`);
if (!found.acorn || !found.MS) process.exit(1);
const [acorn, MS] = [load('acorn'), load('MS')];
// ~1 MB: real library files from node_modules, each turned into `async function __chunkN(module,
// exports, require) {...}` with ESM import/export statements stripped, so the whole is one valid
// module. Packages are taken round-robin so no single library dominates.
const POOL = ['vite/dist/node', 'vitest/dist', '@vitest', 'rollup/dist/shared', 'esbuild/lib', 'acorn/dist',
  'chai', 'magic-string/dist', 'eslint-scope', 'estraverse', 'source-map-js/lib', 'picomatch/lib', 'tinypool/dist'];
const files = (dir) => readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) =>
  e.isDirectory() ? (e.name === 'node_modules' ? [] : files(join(dir, e.name))) : /\.[cm]?js$/.test(e.name) && !/\.min\./.test(e.name) ? [join(dir, e.name)] : []);
function toChunk(src, n) {
  src = src.replace(/^#!.*/, '');
  let ast;
  try { ast = acorn.parse(src, AOPT); } catch { try { acorn.parse(src, { ecmaVersion: 'latest', allowReturnOutsideFunction: true }); } catch { return null; } }
  const s = new MS(src);
  for (const node of ast?.body ?? []) {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && !node.declaration)) s.remove(node.start, node.end);
    else if (node.type === 'ExportNamedDeclaration') s.remove(node.start, node.declaration.start);
    else if (node.type === 'ExportDefaultDeclaration') {
      if (node.declaration.id) s.remove(node.start, node.declaration.start);
      else { s.overwrite(node.start, node.declaration.start, 'const __default = '); s.appendLeft(node.end, ';'); }
    }
  }
  const out = `async function __chunk${n}(module, exports, require) {\n${s}\n}\n`;
  try { acorn.parse(out, AOPT); return out; } catch { return null; } // e.g. sloppy-mode-only code
}
const srcFiles = POOL.map((p) => NM_DIRS.map((d) => join(d, p)).find(existsSync)).map((d) => (d ? files(d).filter((p) => statSync(p).size <= 150_000) : []));
let big = '', used = 0;
for (let i = 0; big.length < 1_000_000 && srcFiles.some((l) => i < l.length); i++) {
  for (const list of srcFiles) {
    if (i >= list.length || big.length >= 1_000_000) continue;
    const chunk = toChunk(readFileSync(list[i], 'utf8'), used);
    if (chunk) { big += chunk; used++; }
  }
}
big += `export default [${Array.from({ length: used }, (_, i) => `__chunk${i}`).join(', ')}];\n`;
// ~5 KB: the first real ES module (with import/export) of 4-6 KB in the same pool, taken as is.
const smallPath = srcFiles.flat().find((p) => {
  const s = readFileSync(p, 'utf8'), n = Buffer.byteLength(s);
  if (n < 4000 || n > 6000 || !/^(import|export) /m.test(s)) return false;
  try { return !!acorn.parse(s, AOPT); } catch { return false; }
});
if (!smallPath) throw new Error('no 4-6 KB ES module found under ' + NM_DIRS.join(', '));
const tsPath = join(ROOT, 'bench', 'parsers-fixture.ts');
const inputs = { big, small: readFileSync(smallPath, 'utf8'), ts: readFileSync(tsPath, 'utf8') };
const dir = mkdtempSync(join(os.tmpdir(), 'parsers-bench-'));
for (const [k, v] of Object.entries(inputs)) writeFileSync(join(dir, k), v);
// ---- parent: run every case in PROCS fresh processes, plus TS cold starts ------------------------
const child = (args, input) => JSON.parse(execFileSync(process.execPath, args, { input, maxBuffer: 1 << 24, stdio: ['pipe', 'pipe', 'inherit'] }));
// Rounds: each round runs every case once, so load from other processes spreads evenly over cases.
const results = CASES.map((c) => c.needs.every((k) => found[k]) && { wall: [], cpu: [], info: '' });
const load0 = os.loadavg()[0];
for (let p = 0; p < PROCS; p++) {
  CASES.forEach((c, i) => {
    if (!results[i]) return;
    process.stderr.write(`\rround ${p + 1}/${PROCS}, case ${i + 1}/${CASES.length} `);
    try {
      const o = child([SELF, '--case', String(i), dir]);
      results[i].wall.push(...o.wall); results[i].cpu.push(...o.cpu); results[i].info = o.info;
    } catch (e) { console.log(`${c.tool} on ${c.input} failed (skipped): ${e.message.split('\n')[0]}`); results[i] = null; }
  });
}
// Cold start in a fresh process: require() time, then the first call (esbuild starts its service here).
function cold(k, run, src) {
  const code = `const t0=performance.now(),m=require(${JSON.stringify(found[k].path)}),t1=performance.now();` +
    `(${run})(m,require('fs').readFileSync(0,'utf8'));console.log(JSON.stringify([t1-t0,performance.now()-t1]))`;
  const runs = Array.from({ length: RUNS }, () => child(['-e', code], src));
  return [median(runs.map((r) => r[0])), median(runs.map((r) => r[1]))];
}
process.stderr.write('\n');
const colds = TS_TOOLS.map(([k, tool, run]) => results[CASES.findIndex((c) => c.tool === tool)] && cold(k, run, inputs.ts));
rmSync(dir, { recursive: true });
// ---- report ------------------------------------------------------------------------------------
const table = (head, body) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const label = { big: `big (${kb(big)})`, small: `small (${kb(inputs.small)})` };
const stat = (r) => [f(median(r.wall)), f(Math.min(...r.wall)), f(median(r.cpu))];
const parseRows = CASES.map((c, i) => c.section !== 'ts' && results[i] && [c.section, label[c.input], c.tool, ...stat(results[i]), results[i].info ?? '']).filter(Boolean);
const tsRows = TS_TOOLS.map(([k, tool], j) => ((r) => r && [tool, found[k].version, f(colds[j][0]), f(colds[j][1]), ...stat(r), ...r.info.split('|')])(
  results[CASES.findIndex((c) => c.tool === tool)])).filter(Boolean);
console.log(`\nnode ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${os.platform()}-${os.arch()}; ` +
  `median of ${RUNS} runs × ${PROCS} fresh processes per case, after warm-up; load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`);
console.log(`packages: ${Object.entries(found).map(([k, v]) => `${PKGS[k]}@${v.version}`).join(', ')}`);
console.log(`big: ${Buffer.byteLength(big)} bytes from ${used} library files of ${srcFiles.filter((l) => l.length).length} packages; ` +
  `small: ${relative(ROOT, smallPath)} (${Buffer.byteLength(inputs.small)} bytes); ts: ${relative(ROOT, tsPath)} (${Buffer.byteLength(inputs.ts)} bytes)\n`);
console.log(table(['step', 'input', 'tool', 'median ms', 'min ms', 'CPU ms (median)', 'notes'], parseRows));
console.log('\n' + table(['TS → JS (sync, 1 file)', 'version', 'require ms (cold)', 'first call ms (cold)', 'steady median ms', 'steady min ms', 'steady CPU ms', 'source map', 'out chars'], tsRows));
console.log('\nCPU ms counts this process only: esbuild does its work in a separate service process, so its CPU column is not comparable.');
