// racedetect's overhead benchmark: every workload runs plain and under the detector, alternating
// (plain, detector, plain, detector, ...), each run in a fresh `node` process.
//
//   node bench/run.mjs [filter] [--json]
//
//   filter             run only workloads whose name contains it (soak runs only when named, or BENCH_SOAK=1)
//   --json             print the results as one JSON object on stdout (the markdown goes to stderr)
//   BENCH_ROUNDS       plain/detector pairs per workload (default 5)
//   BENCH_SOAK=1       include the soak run (1,000,000 ops under the detector; long)
//   BENCH_TIMEOUT_S    per-run time limit in seconds (default 900; soak 3600)
//   BENCH_REGISTER     the detector's register module (default <repo>/dist/register.mjs)
//
// Exit code: 0 when every run finished and every result matched, even if targets were missed (this is a
// measurement); 1 when a workload crashed, timed out, or computed a different result under the detector.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate as generateStartup } from './workloads/startup-5mb.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WL = path.join(BENCH, 'workloads');

// ---- arguments and environment ----------------------------------------------------------------------
const argv = process.argv.slice(2);
const JSON_OUT = argv.includes('--json');
const positional = argv.filter((a) => !a.startsWith('--'));
const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--json');
if (unknownFlags.length || positional.length > 1) {
  console.error(`usage: node bench/run.mjs [workload-name-filter] [--json]${unknownFlags.length ? `\nunknown option ${unknownFlags.join(' ')}` : ''}`);
  process.exit(2);
}
const FILTER = positional[0] ?? '';
const ROUNDS = Math.max(1, Number.parseInt(process.env.BENCH_ROUNDS ?? '', 10) || 5);
const SOAK_ON = process.env.BENCH_SOAK === '1';
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S) || 0;
const REGISTER = path.resolve(process.env.BENCH_REGISTER || path.join(ROOT, 'dist', 'register.mjs'));
if (!fs.existsSync(REGISTER)) {
  console.error(`bench: ${REGISTER} not found; run \`node build.mjs\` first`);
  process.exit(2);
}

// Workloads. kind 'ab': in-workload ms, plain vs detector. 'startup': whole-process wall time of a
// generated 5 MB program, plain vs first (empty cache) vs cached start. 'soak': detector only.
const WORKLOADS = [
  { name: 'http-server', kind: 'ab', file: 'http-server.mjs', target: 1.5, what: 'node:http server + keep-alive client, 8 in flight' },
  // Sampling's cost is paid per window (a 250 ms window every 25 s by default), so the run must span
  // whole cycles: one shorter than a cycle sees no window or one, and its ratio is a coin toss.
  { name: 'http-server-sampled', kind: 'ab', file: 'http-server.mjs', env: { RACEDETECT_OPTIONS: 'sample_rate=0.01' }, envBoth: { BENCH_HTTP_REQUESTS: '400000' }, target: 1.05, what: 'production sampling, sample_rate=0.01, 400,000 requests: about two whole 25 s cycles of one 250 ms window each' },
  { name: 'cpu-lru', kind: 'ab', file: 'cpu-lru.mjs', target: 5, what: 'CPU loop over a Map-based LRU, objects and arrays' },
  { name: 'promises', kind: 'ab', file: 'promises.mjs', target: 3, what: 'rounds of 2000 3-level async chains under Promise.all' },
  { name: 'startup-5mb', kind: 'startup', target: 1.2, what: 'start of a program importing ~5 MB of generated ESM' },
  { name: 'soak', kind: 'soak', file: 'soak.mjs', nodeArgs: ['--expose-gc'], what: '1,000,000 request-like async tasks, heap after GC every 100k' },
];
const selected = WORKLOADS.filter((w) => w.name.includes(FILTER) && (w.kind !== 'soak' || SOAK_ON || FILTER !== ''));
if (selected.length === 0) {
  console.error(`bench: no workload matches "${FILTER}" (have: ${WORKLOADS.map((w) => w.name).join(', ')})`);
  process.exit(2);
}

// Children get a clean environment: no NODE_OPTIONS (a plain run must be plain), and the transform cache
// under our own temp directory (never the user's cache, never RACEDETECT_NO_CACHE unless asked for below).
const BASE_ENV = { ...process.env };
for (const k of ['NODE_OPTIONS', 'RACEDETECT_NO_CACHE', 'RACEDETECT_CACHE_DIR', 'RACEDETECT_RUN_DIR']) delete BASE_ENV[k];
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-bench-'));
const CACHE = path.join(TMP, 'cache'); // mkdir'ed 0700 by the detector itself
let cleaned = false;
const cleanup = () => {
  if (cleaned) return;
  cleaned = true;
  fs.rmSync(TMP, { recursive: true, force: true });
};
process.on('exit', cleanup);
let current = null; // the running child, ended with us on Ctrl-C
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => {
  if (current) try { process.kill(-current.pid, 'SIGKILL'); } catch { /* gone */ }
  cleanup();
  process.exit(130);
});

const log = (s = '') => process.stderr.write(s + '\n');

// ---- machine ----------------------------------------------------------------------------------------
function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  return os.cpus()[0]?.model ?? 'unknown';
}
function gitHead() {
  try {
    const head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'loader'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head} (src/loader modified)` : head;
  } catch {
    return 'unknown';
  }
}
// A build id: the content of the detector's entry and its loader hooks (the build embeds a version hash
// of src/ and loader/, which keys the transform cache). Other people rebuilding dist/ mid-run is noted.
const registerStamp = () => {
  const h = createHash('sha1');
  for (const f of [REGISTER, path.join(path.dirname(REGISTER), 'hooks.mjs')]) {
    try { h.update(fs.readFileSync(f)); } catch { h.update('-'); }
  }
  return h.digest('hex').slice(0, 10);
};
const MACHINE = {
  node: process.version,
  cpu: cpuModel(),
  cores: os.availableParallelism?.() ?? os.cpus().length,
  platform: `${os.platform()} ${os.release()}`,
  memGB: +(os.totalmem() / 2 ** 30).toFixed(1),
  loadavgStart: os.loadavg().map((x) => +x.toFixed(2)),
  commit: gitHead(),
  register: REGISTER,
  rounds: ROUNDS,
};
const stamp0 = registerStamp();
MACHINE.build = stamp0;
let rebuilds = 0;
let lastStamp = stamp0;

// Peak RSS of the whole process: GNU time's %M when it works here, otherwise the workload's own
// process.resourceUsage().maxRSS (the same number for a single process; both in KB).
const GNU_TIME = (() => {
  if (!fs.existsSync('/usr/bin/time')) return null;
  const out = path.join(TMP, 'time-probe');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', '0'], { stdio: 'ignore' });
  try {
    return r.status === 0 && /^\d+\s*$/.test(fs.readFileSync(out, 'utf8')) ? '/usr/bin/time' : null;
  } catch {
    return null;
  }
})();
MACHINE.rssSource = GNU_TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS';

// ---- one run ----------------------------------------------------------------------------------------
let runSeq = 0;
/**
 * Runs `node [nodeArgs] file` in a fresh process. mode: 'plain' or 'detector'. Returns
 * { ok, exit, signal, timedOut, wallMs, rssKB, result, lines, races, stderrTail, error }.
 */
function runNode({ file, mode, nodeArgs = [], env = {}, timeoutS }) {
  const args = [...nodeArgs, ...(mode === 'plain' ? [] : ['--import', REGISTER]), file];
  const childEnv = { ...BASE_ENV, ...(mode === 'plain' ? {} : { RACEDETECT_CACHE_DIR: CACHE }), ...env };
  const timeFile = path.join(TMP, `time-${++runSeq}`);
  const [cmd, cmdArgs] = GNU_TIME ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const stamp = mode === 'plain' ? lastStamp : registerStamp();
  if (stamp !== lastStamp) {
    rebuilds++;
    lastStamp = stamp;
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    // Own process group, so a timeout ends the whole run (time and node), and nothing else.
    const child = spawn(cmd, cmdArgs, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    const out = [], err = [];
    let errBytes = 0, races = 0, carry = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => {
      const s = carry + c.toString('utf8');
      races += (s.match(/WARNING: DATA RACE/g) ?? []).length;
      carry = s.slice(-24);
      races -= (carry.match(/WARNING: DATA RACE/g) ?? []).length; // counted again with the next chunk
      if (errBytes < 4 << 20) { err.push(c); errBytes += c.length; }
    });
    let timedOut = false;
    const limit = (TIMEOUT_S || timeoutS) * 1000;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, limit);
    child.on('error', (e) => { clearTimeout(timer); resolve({ ok: false, error: String(e), wallMs: performance.now() - t0 }); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      const buildEnd = mode === 'plain' ? stamp : registerStamp();
      const wallMs = performance.now() - t0;
      races += (carry.match(/WARNING: DATA RACE/g) ?? []).length;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const lines = [];
      for (const line of stdout.split('\n')) {
        const t = line.trim();
        if (!t.startsWith('{')) continue;
        try { lines.push(JSON.parse(t)); } catch { /* not ours */ }
      }
      const result = lines.findLast((l) => typeof l.ms === 'number' && 'check' in l) ?? null;
      let rssKB = null, exit = code, sig = signal;
      if (GNU_TIME) {
        try {
          const t = fs.readFileSync(timeFile, 'utf8');
          fs.rmSync(timeFile, { force: true });
          const m = /(\d+)\s*$/.exec(t);
          if (m) rssKB = Number(m[1]);
          const s = /terminated by signal (\d+)/.exec(t);
          if (s) { sig = Number(s[1]); exit = null; }
          const x = /exited with non-zero status (\d+)/.exec(t);
          if (x) exit = Number(x[1]);
        } catch { /* killed before time wrote it */ }
      }
      if (rssKB === null && result && typeof result.maxRSS === 'number') rssKB = result.maxRSS;
      const summary = /Found (\d+) data race/.exec(stderr);
      if (summary) races = Math.max(races, Number(summary[1]));
      // The detector exits 66 when it reported races and the program would have exited 0: the run
      // itself finished, so that is a finding to show, not a crash.
      const finished = result !== null && !timedOut && (exit === 0 || (mode !== 'plain' && exit === 66 && races > 0));
      const hint = stderr.split('\n').find((l) => /FATAL ERROR|heap out of memory|^\s*\w*Error\b|^racedetect: /.test(l))?.trim() ?? null;
      resolve({
        ok: finished, exit, signal: sig, timedOut, wallMs, rssKB, result, lines, races, hint,
        build: stamp === buildEnd ? stamp : `${stamp}→${buildEnd}`,
        stderrTail: stderr.split('\n').filter(Boolean).slice(-15).join('\n'),
      });
    });
  });
}

function describeFailure(r) {
  if (r.error) return `could not start: ${r.error}`;
  if (r.timedOut) return `timed out after ${(r.wallMs / 1000).toFixed(0)} s (killed)`;
  if (r.signal) return `killed by signal ${r.signal}${r.signal === 6 || r.signal === 'SIGABRT' ? ' (abort; out of memory?)' : ''}`;
  if (r.exit !== 0) return `exit code ${r.exit}`;
  return 'no result line on stdout';
}

// ---- statistics and formatting ------------------------------------------------------------------------
const median = (a) => {
  if (a.length === 0) return null;
  const s = [...a].sort((x, y) => x - y), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const fmtMs = (v) => (v === null || v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const fmtMB = (kb) => (kb === null || kb === undefined ? '—' : (kb / 1024).toFixed(0));
const fmtX = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)}×`);
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);

// ---- workload runners ---------------------------------------------------------------------------------
const results = [];
let failed = false;
const problems = [];

function noteFailure(w, label, r) {
  failed = true;
  const msg = `${w.name}: ${label} run ${describeFailure(r)}${r.hint ? `: ${r.hint}` : ''}`;
  problems.push(msg);
  log(`  !! ${msg}`);
  if (r.stderrTail) log(r.stderrTail.split('\n').map((l) => `     | ${l}`).join('\n'));
}

// Every run's check value must be the same: plain vs plain (the workload is deterministic) and plain vs
// detector (the detector does not change what the program computes).
function verifyChecks(w, runs) {
  const byCheck = new Map();
  for (const r of runs) if (r.result) {
    const k = String(r.result.check);
    if (!byCheck.has(k)) byCheck.set(k, []);
    byCheck.get(k).push(`${r.mode}#${r.round}`);
  }
  if (byCheck.size <= 1) return byCheck.size === 1 ? [...byCheck.keys()][0] : null;
  failed = true;
  const lines = [...byCheck].map(([k, who]) => `     ${who.join(', ')}: ${k.length > 300 ? k.slice(0, 300) + '…' : k}`);
  const msg = `${w.name}: RESULT MISMATCH: runs computed different check values`;
  problems.push(`${msg}\n${lines.join('\n')}`);
  log(`\n  !!!!!!!! ${msg}\n${lines.join('\n')}\n`);
  return null;
}

async function runAB(w) {
  const file = path.join(WL, w.file);
  const runs = [];
  let crashed = false;
  for (let round = 1; round <= ROUNDS && !crashed; round++) {
    for (const mode of ['plain', 'detector']) {
      const r = await runNode({ file, mode, nodeArgs: w.nodeArgs, env: { ...w.envBoth, ...(mode === 'plain' ? {} : w.env) }, timeoutS: 900 });
      runs.push({ ...r, mode, round });
      const res = r.result;
      log(`  round ${round} ${mode.padEnd(8)} ${res ? `${fmtMs(res.ms).padStart(7)} ms measured` : '      — ms measured'}, ${(r.wallMs / 1000).toFixed(2)} s wall, ${fmtMB(r.rssKB)} MB peak RSS${r.races ? `, ${r.races} race report(s)` : ''}`);
      if (!r.ok) {
        noteFailure(w, `${mode} (round ${round})`, r);
        crashed = true; // the same crash again would only cost time
        break;
      }
    }
  }
  const check = verifyChecks(w, runs);
  const pick = (mode, f) => runs.filter((r) => r.mode === mode && r.ok).map(f).filter((v) => typeof v === 'number');
  const plainMs = median(pick('plain', (r) => r.result.ms));
  const detMs = median(pick('detector', (r) => r.result.ms));
  const row = {
    name: w.name, kind: w.kind, what: w.what, target: w.target, crashed, check,
    plain: { ms: plainMs, wallMs: median(pick('plain', (r) => r.wallMs)), rssKB: median(pick('plain', (r) => r.rssKB)), msAll: pick('plain', (r) => r.result.ms) },
    detector: { ms: detMs, wallMs: median(pick('detector', (r) => r.wallMs)), rssKB: median(pick('detector', (r) => r.rssKB)), msAll: pick('detector', (r) => r.result.ms) },
    races: runs.reduce((n, r) => n + (r.mode === 'detector' ? r.races ?? 0 : 0), 0),
  };
  row.mismatch = check === null && runs.some((r) => r.result);
  row.ratio = ratio(detMs, plainMs);
  row.rssRatio = ratio(row.detector.rssKB, row.plain.rssKB);
  // CPU time of the measured phase (user + system, the collector's threads included): time the
  // process spent waiting for a core that another process held does not count, so on a busy machine
  // this ratio moves less than the wall-clock one.
  row.plain.cpuMs = median(pick('plain', (r) => r.result.cpuMs));
  row.detector.cpuMs = median(pick('detector', (r) => r.result.cpuMs));
  row.cpuRatio = ratio(row.detector.cpuMs, row.plain.cpuMs);
  row.met = row.ratio !== null && !crashed && !row.mismatch && row.ratio <= w.target;
  row.runs = runs.map(slimRun);
  results.push(row);
}

async function runStartup(w) {
  const dir = path.join(TMP, 'startup-5mb');
  const { entry, bytes, files } = generateStartup(dir);
  log(`  generated ${files} modules, ${(bytes / 1048576).toFixed(2)} MB, in ${dir}`);
  const runs = [];
  let crashed = false, discarded = 0, cacheMisses = 0;
  const countFiles = (d) => { try { return fs.readdirSync(d).length; } catch { return 0; } };
  for (let round = 1; round <= ROUNDS && !crashed; round++) {
    const cache = fs.mkdtempSync(path.join(TMP, `startup-cache-${round}-`)); // 0700, empty
    for (const mode of ['plain', 'first', 'cached']) {
      const r = await runNode({ file: entry, mode, env: mode === 'plain' ? {} : { RACEDETECT_CACHE_DIR: cache }, timeoutS: 900 });
      const first = runs.find((x) => x.round === round && x.mode === 'first');
      if (mode === 'cached' && r.ok && first && first.build !== r.build) {
        // dist/ was rebuilt with a new version between the two starts: the cache was written by another
        // build, so this start was not a cached one. Kept in --json, left out of the medians.
        runs.push({ ...r, mode: 'cached-invalid', round });
        log(`  round ${round} cached   ${(r.wallMs / 1000).toFixed(2)} s wall — discarded: dist/ was rebuilt in between (first start on build ${first.build}, this one on ${r.build})`);
        discarded++;
        continue;
      }
      // Entries in the cache dir after each detector start: the first start should write one per module,
      // the cached start none (new entries there mean the cache missed).
      const entries = mode === 'plain' ? null : countFiles(cache);
      const grew = mode === 'cached' && first?.cacheEntries != null && entries > first.cacheEntries ? entries - first.cacheEntries : 0;
      if (grew) cacheMisses += grew;
      runs.push({ ...r, mode, round, cacheEntries: entries });
      log(`  round ${round} ${mode.padEnd(8)} ${(r.wallMs / 1000).toFixed(2)} s wall, ${fmtMB(r.rssKB)} MB peak RSS${entries !== null ? `, ${entries} cache entries` : ''}${grew ? ` (${grew} new: cache misses)` : ''}${r.races ? `, ${r.races} race report(s)` : ''}`);
      if (!r.ok) {
        noteFailure(w, `${mode} (round ${round})`, r);
        crashed = true;
        break;
      }
    }
    fs.rmSync(cache, { recursive: true, force: true });
  }
  const check = verifyChecks(w, runs);
  const stat = (mode) => {
    const ok = runs.filter((r) => r.mode === mode && r.ok);
    return { wallMs: median(ok.map((r) => r.wallMs)), rssKB: median(ok.map((r) => r.rssKB).filter((v) => typeof v === 'number')), wallAll: ok.map((r) => r.wallMs) };
  };
  const plain = stat('plain'), first = stat('first'), cached = stat('cached');
  const row = {
    name: w.name, kind: w.kind, what: w.what, target: w.target, crashed, check, sourceMB: +(bytes / 1048576).toFixed(2),
    plain, first, cached,
    firstRatio: ratio(first.wallMs, plain.wallMs), cachedRatio: ratio(cached.wallMs, plain.wallMs),
    firstRssRatio: ratio(first.rssKB, plain.rssKB), cachedRssRatio: ratio(cached.rssKB, plain.rssKB),
    races: runs.reduce((n, r) => n + (r.mode !== 'plain' ? r.races ?? 0 : 0), 0),
    mismatch: check === null && runs.some((r) => r.result), discardedCached: discarded, cachedStartMisses: cacheMisses,
  };
  row.met = row.cachedRatio !== null && !crashed && !row.mismatch && row.cachedRatio <= w.target;
  row.runs = runs.map(slimRun);
  results.push(row);
}

async function runSoak(w) {
  const r = await runNode({ file: path.join(WL, w.file), mode: 'detector', nodeArgs: w.nodeArgs, timeoutS: 3600 });
  const samples = r.lines.filter((l) => l.sample).map((l) => l.sample);
  for (const s of samples) log(`  ${String(s.ops).padStart(8)} ops: heap ${s.heapMB} MB after GC, rss ${s.rssMB} MB, ${s.s} s`);
  if (!r.ok) noteFailure(w, 'detector', r);
  // Flat after warm-up: the last sample within +20% of the sample at 200k ops.
  const base = samples.find((s) => s.ops === 200_000) ?? null;
  const last = samples.at(-1) ?? null;
  const growth = base && last && last.ops > base.ops ? last.heapMB / base.heapMB : null;
  const row = {
    name: w.name, kind: w.kind, what: w.what, crashed: !r.ok, failure: r.ok ? null : describeFailure(r),
    check: r.result?.check ?? null, ms: r.result?.ms ?? null, wallMs: r.wallMs, rssKB: r.rssKB, races: r.races,
    samples, baseOps: base?.ops ?? null, growth,
    completedOps: last?.ops ?? 0,
  };
  row.met = r.ok && growth !== null && growth <= 1.2;
  row.runs = [slimRun({ ...r, mode: 'detector', round: 1 })];
  results.push(row);
}

function slimRun(r) {
  return {
    mode: r.mode, round: r.round, build: r.build ?? null, ok: r.ok, cacheEntries: r.cacheEntries ?? null, exit: r.exit ?? null, signal: r.signal ?? null, timedOut: !!r.timedOut,
    ms: r.result?.ms ?? null, wallMs: +r.wallMs.toFixed(1), rssKB: r.rssKB ?? null, races: r.races ?? 0,
    check: r.result?.check ?? null, failure: r.ok ? null : describeFailure(r),
  };
}

// ---- main -----------------------------------------------------------------------------------------------
log(`racedetect bench: node ${MACHINE.node}, ${MACHINE.cpu}, ${MACHINE.cores} cores, ${ROUNDS} round(s), commit ${MACHINE.commit}`);
log(`detector: ${REGISTER}; peak RSS from ${MACHINE.rssSource}; load average ${MACHINE.loadavgStart.join(' ')}`);
if (!SOAK_ON && FILTER === '') log('(soak skipped: set BENCH_SOAK=1 or run `node bench/run.mjs soak`)');
const tAll = performance.now();
for (const w of selected) {
  log(`\n## ${w.name}: ${w.what}`);
  if (w.kind === 'ab') await runAB(w);
  else if (w.kind === 'startup') await runStartup(w);
  else await runSoak(w);
}
if (registerStamp() !== lastStamp) rebuilds++;
MACHINE.commitEnd = gitHead();
MACHINE.loadavgEnd = os.loadavg().map((x) => +x.toFixed(2));
MACHINE.totalS = +((performance.now() - tAll) / 1000).toFixed(1);
MACHINE.registerRebuilt = rebuilds;

// ---- report ---------------------------------------------------------------------------------------------
const md = [];
const mark = (ok) => (ok ? '✓' : '✗');
md.push(`# racedetect overhead`);
md.push('');
md.push(`node ${MACHINE.node} · ${MACHINE.cpu} · ${MACHINE.cores} cores · ${MACHINE.memGB} GB · ${MACHINE.platform}`);
md.push(`commit ${MACHINE.commit}${MACHINE.commitEnd !== MACHINE.commit ? ` → ${MACHINE.commitEnd}` : ''} · build ${MACHINE.build} · ${ROUNDS} round(s), alternating plain/detector, fresh process each · medians · load average ${MACHINE.loadavgStart.join(' ')} → ${MACHINE.loadavgEnd.join(' ')} · ${MACHINE.totalS} s total`);
if (rebuilds) md.push(`**note: ${path.relative(ROOT, REGISTER)} changed during the run (${rebuilds} rebuild(s) with different output); runs may mix detector builds (each run's build id is in --json)**`);
md.push('');
const ab = results.filter((r) => r.kind !== 'soak');
if (ab.length) {
  md.push('| workload | plain median ms | detector median ms | ratio | peak RSS plain MB | detector MB | RSS ratio | target | |');
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | :-: |');
  for (const r of ab) {
    const flag = `${r.crashed ? ' (CRASHED)' : ''}${r.mismatch ? ' (RESULTS DIFFER)' : ''}`;
    if (r.kind === 'ab') {
      md.push(`| ${r.name}${flag} | ${fmtMs(r.plain.ms)} | ${fmtMs(r.detector.ms)} | ${fmtX(r.ratio)} | ${fmtMB(r.plain.rssKB)} | ${fmtMB(r.detector.rssKB)} | ${fmtX(r.rssRatio)} | ≤ ${r.target}× | ${mark(r.met)} |`);
    } else {
      md.push(`| ${r.name}: first start, empty cache (wall)${flag} | ${fmtMs(r.plain.wallMs)} | ${fmtMs(r.first.wallMs)} | ${fmtX(r.firstRatio)} | ${fmtMB(r.plain.rssKB)} | ${fmtMB(r.first.rssKB)} | ${fmtX(r.firstRssRatio)} | (reported) | |`);
      md.push(`| ${r.name}: cached start (wall)${flag} | ${fmtMs(r.plain.wallMs)} | ${fmtMs(r.cached.wallMs)} | ${fmtX(r.cachedRatio)} | ${fmtMB(r.plain.rssKB)} | ${fmtMB(r.cached.rssKB)} | ${fmtX(r.cachedRssRatio)} | ≤ ${r.target}× | ${mark(r.met)} |`);
    }
  }
  md.push('');
  // A shared machine can slow a whole run down: when the plain runs of a row disagree by more than a
  // tenth, say so, since a ratio within that distance of its target then decides nothing.
  for (const r of ab.filter((x) => x.kind === 'ab' && x.plain.msAll.length > 1)) {
    const spread = (Math.max(...r.plain.msAll) - Math.min(...r.plain.msAll)) / r.plain.ms;
    if (spread > 0.1) md.push(`Note: the plain runs of ${r.name} spread ${Math.round(spread * 100)}% around their median: the machine was noisy, and its ratio is only good to about that much.`);
  }
  for (const r of ab.filter((x) => x.kind === 'startup')) {
    if (r.discardedCached) md.push(`Note: ${r.discardedCached} cached start(s) of ${r.name} left out: dist/ was rebuilt between the first and the cached start of that round.`);
    if (r.cachedStartMisses) md.push(`Note: cached starts of ${r.name} wrote ${r.cachedStartMisses} new cache entries: the transform cache missed.`);
  }
  md.push('');
  md.push('Whole-process wall time (median, includes node start-up, the detector\'s start and instrumenting the workload), CPU time of the measured phase (median, user + system: time spent waiting for a core another process held does not count, so on a busy machine it moves less than wall time), per-run spread of the measured ms, and race reports under the detector:');
  md.push('');
  md.push('| workload | plain wall ms | detector wall ms | wall ratio | plain CPU ms | detector CPU ms | CPU ratio | plain ms (min–max) | detector ms (min–max) | race reports |');
  md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |');
  const span = (a) => (a.length ? `${fmtMs(Math.min(...a))}–${fmtMs(Math.max(...a))}` : '—');
  for (const r of ab) {
    if (r.kind === 'ab') md.push(`| ${r.name} | ${fmtMs(r.plain.wallMs)} | ${fmtMs(r.detector.wallMs)} | ${fmtX(ratio(r.detector.wallMs, r.plain.wallMs))} | ${fmtMs(r.plain.cpuMs)} | ${fmtMs(r.detector.cpuMs)} | ${fmtX(r.cpuRatio)} | ${span(r.plain.msAll)} | ${span(r.detector.msAll)} | ${r.races} |`);
    else md.push(`| ${r.name} (${r.sourceMB} MB) | ${fmtMs(r.plain.wallMs)} | first ${fmtMs(r.first.wallMs)} / cached ${fmtMs(r.cached.wallMs)} | ${fmtX(r.firstRatio)} / ${fmtX(r.cachedRatio)} | — | — | — | ${span(r.plain.wallAll)} | first ${span(r.first.wallAll)} / cached ${span(r.cached.wallAll)} | ${r.races} |`);
  }
  md.push('');
}
for (const r of results.filter((x) => x.kind === 'soak')) {
  md.push(`## soak (detector only)`);
  md.push('');
  md.push(`${r.completedOps.toLocaleString('en-US')} ops${r.crashed ? ` — **CRASHED: ${r.failure}**` : ''} · ${fmtMs(r.ms)} ms measured · ${(r.wallMs / 1000).toFixed(1)} s wall · peak RSS ${fmtMB(r.rssKB)} MB · race reports ${r.races} · check \`${r.check ?? '—'}\``);
  md.push('');
  md.push('| ops | heap used after GC MB | RSS MB | elapsed s |');
  md.push('| ---: | ---: | ---: | ---: |');
  for (const s of r.samples) md.push(`| ${s.ops.toLocaleString('en-US')} | ${s.heapMB} | ${s.rssMB} | ${s.s} |`);
  md.push('');
  const verdict = r.growth === null
    ? `not enough samples to judge (need the 200,000 sample and a later one)`
    : `last sample ${r.samples.at(-1).heapMB} MB vs ${r.samples.find((s) => s.ops === r.baseOps).heapMB} MB at 200,000 ops: ${fmtX(r.growth)} (target ≤ 1.20×, flat after warm-up)`;
  md.push(`Memory: ${verdict} ${mark(r.met)}`);
  md.push('');
}
if (problems.length) {
  md.push('## Problems');
  md.push('');
  for (const p of problems) md.push(`- ${p}`);
  md.push('');
}
const racy = results.filter((r) => r.races > 0);
if (racy.length) {
  md.push(`Note: the detector reported races in ${racy.map((r) => r.name).join(', ')}; the workloads are meant to be race-free, so these are false positives (or a workload bug) and reporting them costs time.`);
  md.push('');
}
const text = md.join('\n');
if (JSON_OUT) {
  log('\n' + text);
  process.stdout.write(JSON.stringify({ machine: MACHINE, ok: !failed, problems, workloads: results }, null, 2) + '\n');
} else {
  console.log('\n' + text);
}
process.exitCode = failed ? 1 : 0;
