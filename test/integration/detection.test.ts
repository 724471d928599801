// What the detector finds in small programs, checked through what a user sees: the report on stderr, the
// summary line, the exit code, and the program's own output left alone. Each fixture in
// test/fixtures/integration states its race (or its absence) in its header comment.
import { describe, expect, it } from 'vitest';
import { fixturesDir, normalize, projectDir, reportBlocks, runDetector, runPlain } from './helpers.js';

describe.concurrent('races found in ESM, CommonJS and TypeScript programs', { timeout: 60_000 }, () => {
  it('a lost update on a module-level let', async () => {
    const r = await runDetector('lost-update-let.mjs');
    expect(r.stdout).toBe('balance: 20\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    const [report] = blocks;
    expect(report).toMatch(/^Write at module binding balance .*by async context \d+:\n  deposit\(\)\n      lost-update-let\.mjs:11:3\n/m);
    expect(report).toMatch(/^Previous write at module binding balance .*by async context \d+:\n  deposit\(\)\n      lost-update-let\.mjs:11:3\n/m);
    expect(report).toMatch(/^Previous read at module binding balance .*by async context \d+:\n  deposit\(\)\n      lost-update-let\.mjs:9:18\n/m);
    expect(report).toContain('Lost update: ');
    expect(report).toContain('awaited at lost-update-let.mjs:10:3');
    expect(r.stderr.endsWith('==================\nFound 1 data race(s)\n')).toBe(true);
  });

  it('a lost update on a variable another module exports: read through the import, written by its setter', async () => {
    const r = await runDetector('imports/named-import.mjs');
    expect(r.stdout).toBe('revision 1\n');
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at module binding revision \(declared at .*state\.mjs:3:12\)/m);
    expect(blocks[0]).toMatch(/^Previous read at module binding revision .*:\n  bump\(\)\n      .*named-import\.mjs:6:13\n/m);
    expect(blocks[0]).toContain('Lost update: ');
  });

  it('reads of imported variables through a namespace import and a barrel re-export; functions, constants and defaults find no variable', async () => {
    const r = await runDetector('imports/namespace-and-barrel.mjs');
    expect(r.stdout).toBe('1 1 state 1 2 state\n');
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(2);
    expect(blocks.some((b) => /Previous read at module binding revision .*:\n  bumpRevision\(\)\n      .*namespace-and-barrel\.mjs:8:13\n/.test(b))).toBe(true);
    expect(blocks.some((b) => /Previous read at module binding count .*:\n  bumpCounter\(\)\n      .*namespace-and-barrel\.mjs:14:13\n/.test(b))).toBe(true);
    const ordered = await runDetector('imports/imports-in-order.mjs');
    expect(ordered.stdout).toBe("2 { revision: 2, NAME: 'state' } function\n");
    expect(ordered.stderr).not.toContain('WARNING: DATA RACE');
    expect(ordered.code).toBe(0);
  });

  it('the same lost update in a program that replaced Array.prototype.pop, push, Map.prototype.set and Array.isArray with its own code', async () => {
    const r = await runDetector('lost-update-builtins-replaced.mjs');
    expect(r.stdout).toBe('balance: 20, set 0, isArray 0\n');
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at module binding balance .*by async context \d+:\n  deposit\(\)\n      lost-update-builtins-replaced\.mjs:39:3\n/m);
  });

  it('an async function started by timers: each flow was created at its own setTimeout call', async () => {
    const r = await runDetector('timer-started-async.mjs');
    expect(r.code).toBe(66);
    const [report] = reportBlocks(r.stderr);
    const created = [...report.matchAll(/^Async context \d+ \(\w+\) created at:\n.*\n      (timer-started-async\.mjs:\d+:\d+)\n/gm)].map((m) => m[1]);
    expect(created.sort()).toEqual(['timer-started-async.mjs:11:1', 'timer-started-async.mjs:12:1']);
  });

  it('a lost update on a class field names it Wallet#1.balance', async () => {
    const r = await runDetector('lost-update-field.mjs');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('Write at Wallet#1.balance (created at lost-update-field.mjs:12:16) by async context');
    expect(blocks[0]).toContain('Lost update: ');
    expect(r.stderr).toContain('Found 1 data race(s)\n');
  });

  it('a Map check-then-act (has ... await ... set) is a lost update on Map#1["k"]', async () => {
    const r = await runDetector('map-check-then-act.mjs');
    expect(r.stdout).toBe('loads: 2\n');
    expect(r.code).toBe(66);
    const lost = reportBlocks(r.stderr).filter((b) => b.includes('Lost update: '));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toContain('Write at Map#1["k"] (created at map-check-then-act.mjs:2:15) by async context');
    expect(lost[0]).toMatch(/^Previous read at Map#1\["k"\] by async context \d+:\n  getOrLoad\(\)\n      map-check-then-act\.mjs:12:8\n/m);
    expect(lost[0]).toMatch(/^  getOrLoad\(\)\n      map-check-then-act\.mjs:14:5\n/m);
    expect(lost[0]).toContain('awaited at map-check-then-act.mjs:13:19');
  });

  it('a lost update whose read comes right after a call abandoned by an exception in its arguments', async () => {
    // key() tries `other.get(boom())`, catches, returns 'k'; the abandoned call must not be taken for
    // the `counts.get(...)` that completes next (it was, and the read went unrecorded: no report).
    const r = await runDetector('thrown-argument.mjs');
    expect(r.stdout).toBe('count: 1\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('Lost update: ');
    expect(blocks[0]).toMatch(/^Previous read at Map#1\["k"\] by async context \d+:\n  bump\(\)\n      thrown-argument\.mjs:21:16\n/m);
  });

  it('the Map check-then-act is reported once: the read after its own set in the same segment is not timing-dependent', async () => {
    // getOrLoad() does `cache.set(k, v)` at line 14 and `return cache.get(k)` at line 16 in ONE segment,
    // so that read always sees its own write, whatever the other caller does: nothing there depends on
    // timing. One bug, one report.
    const r = await runDetector('map-check-then-act.mjs');
    const blocks = reportBlocks(r.stderr);
    expect(blocks.map((b) => b.split('\n').find((l) => /^(Lost update|Timing-dependent read|Unordered accesses):/.test(l))?.split(':')[0])).toEqual(['Lost update']);
    expect(r.stderr).toContain('Found 1 data race(s)\n');
  });

  it('a timing-dependent read after a timers/promises sleep says "As if synchronized via sleep"', async () => {
    const r = await runDetector('timing-sleep.mjs');
    expect(r.stdout).toBe('port: 8080\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Read at Config#1\.port .*:\n  report\(\)\n      timing-sleep\.mjs:17:24\n/m);
    expect(blocks[0]).toMatch(/^Previous write at Config#1\.port .*:\n  loadConfig\(\)\n      timing-sleep\.mjs:12:3\n/m);
    expect(blocks[0]).toContain('As if synchronized via sleep:\n  report()\n      timing-sleep.mjs:16:3\n');
    expect(blocks[0]).toContain('Timing-dependent read: ');
  });

  it('a timing-dependent read after `await new Promise((r) => setTimeout(r, ms))` says "As if synchronized via sleep"', async () => {
    const r = await runDetector('timing-promise-settimeout.mjs');
    expect(r.stdout).toBe('hello ada\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Read at module binding session .*:\n  greet\(\)\n      timing-promise-settimeout\.mjs:14:24\n/m);
    expect(blocks[0]).toContain('As if synchronized via sleep:\n  greet()\n      timing-promise-settimeout.mjs:13:3\n');
    expect(blocks[0]).toContain('Timing-dependent read: ');
  });

  it('a timing-dependent read in a setTimeout callback is reported, at the right lines', async () => {
    // The reader is the callback of the 20 ms setTimeout at line 9; the writer that of the 5 ms one at line 5.
    const r = await runDetector('timing-settimeout.mjs');
    expect(r.stdout).toBe('ready: true\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Read at module binding ready .*:\n  .*\(\)\n      timing-settimeout\.mjs:10:25\n/m);
    expect(blocks[0]).toMatch(/^Previous write at module binding ready .*:\n  .*\(\)\n      timing-settimeout\.mjs:6:3\n/m);
    expect(blocks[0]).toContain('Timing-dependent read: ');
  });

  it('a timing-dependent read in a setTimeout callback says "As if synchronized via sleep" at the setTimeout call', async () => {
    // SPEC §1: a read reached by waiting on a timer "says As if synchronized via sleep"; the timer that
    // stood in for synchronisation is the 20 ms setTimeout at timing-settimeout.mjs:9:1.
    const r = await runDetector('timing-settimeout.mjs');
    const [report] = reportBlocks(r.stderr);
    expect(report).toMatch(/^As if synchronized via sleep:\n  .*\(\)\n      timing-settimeout\.mjs:9:1\n/m);
  });

  it('timer callback contexts say where their setTimeout was called, not "(stack unavailable)"', async () => {
    // SPEC §2: "each context carries where it was created". The two contexts are the callbacks of the
    // setTimeout calls at timing-settimeout.mjs:5:1 and :9:1.
    const r = await runDetector('timing-settimeout.mjs');
    const [report] = reportBlocks(r.stderr);
    expect(report).not.toContain('(stack unavailable)');
    expect(report).toMatch(/^Async context \d+ \(\w+\) created at:\n  .*\(\)\n      timing-settimeout\.mjs:9:1\n/m);
    expect(report).toMatch(/^Async context \d+ \(\w+\) created at:\n  .*\(\)\n      timing-settimeout\.mjs:5:1\n/m);
  });

  it('a promise reaction says where the flow that registered it began, not "(stack unavailable)"', async () => {
    const r = await runDetector('timing-then-chain.mjs');
    expect(r.code).toBe(66);
    const [report] = reportBlocks(r.stderr);
    expect(report).not.toContain('(stack unavailable)');
    expect(report).toMatch(/^Async context \d+ \(finished\) is a promise reaction, registered by a flow that began at:\n  later\(\)\n      timing-then-chain\.mjs:12:3\n/m);
  });

  it('an I/O callback says who registered it: the main flow, or where the flow that did began', async () => {
    const r = await runDetector('timing-io-callback.mjs');
    expect(r.code).toBe(66);
    const [first, second] = reportBlocks(r.stderr);
    expect(r.stderr).not.toContain('(stack unavailable)');
    expect(first).toMatch(/^Async context \d+ \(finished\) is a callback, registered by the program's main flow\.\n/m);
    expect(second).toMatch(/^Async context \d+ \(finished\) is a callback, registered by a flow that began at:\n  <anonymous>\(\)\n      timing-io-callback\.mjs:13:1\n/m);
  });

  it('TypeScript: frames give the original .ts lines and columns, not the transpiled ones', async () => {
    // Lines 3-12 are interfaces and a type alias that esbuild removes, so every transpiled line is off.
    const r = await runDetector('typed-account.ts');
    expect(r.stdout).toBe('total: 2\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    const [report] = blocks;
    expect(report).toContain('Write at Ledger#1.total (created at typed-account.ts:19:24) by async context');
    expect(report).toMatch(/^Write at .*:\n  credit\(\)\n      typed-account\.ts:28:3\n/m); // ledger.total = total + amount
    expect(report).toMatch(/^Previous read at .*:\n  credit\(\)\n      typed-account\.ts:26:25\n/m); // const total: Amount = ledger.total
    expect(report).toContain('awaited at typed-account.ts:27:3'); // await audit(id)
    expect(report).toMatch(/created at:\n  <anonymous>\(\)\n      typed-account\.ts:31:20\n/); // credit('a', 1)
    expect(report).toMatch(/created at:\n  <anonymous>\(\)\n      typed-account\.ts:31:36\n/); // credit('b', 2)
    expect(report).not.toMatch(/\.js:\d+:\d+/);
  });

  it('CommonJS: a lost update on an object property', async () => {
    const r = await runDetector('counter.cjs');
    expect(r.stdout).toBe('hits: 1\n');
    expect(r.code).toBe(66);
    const blocks = reportBlocks(r.stderr);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatch(/^Write at Object#1\.hits.* by async context \d+:\n  record\(\)\n      counter\.cjs:7:3\n/m);
    expect(blocks[0]).toMatch(/^Previous read at Object#1\.hits by async context \d+:\n  record\(\)\n      counter\.cjs:5:16\n/m);
    expect(blocks[0]).toContain('Lost update: ');
    expect(blocks[0]).toContain('awaited at counter.cjs:6:3');
    expect(r.stderr).toContain('Found 1 data race(s)\n');
  });

  it('an object literal location names where it was created, like Map#1 and Wallet#1 do', async () => {
    // `const stats = { hits: 0 };` at counter.cjs:2:15. Without the creation site "Object#1" names no
    // particular object: a real program has thousands of them.
    const r = await runDetector('counter.cjs');
    expect(reportBlocks(r.stderr)[0]).toContain('Write at Object#1.hits (created at counter.cjs:2:15) by async context');
  });

  it('a module binding\'s "declared at" path is displayed like every other path (relative to cwd, strip_path_prefix)', async () => {
    // Run from the project root: frames say test/fixtures/integration/lost-update-let.mjs:11:3, so the
    // declaration must not say just lost-update-let.mjs:2:5 (two files with one base name would be ambiguous).
    const r = await runDetector('test/fixtures/integration/lost-update-let.mjs', { cwd: projectDir });
    const [report] = reportBlocks(r.stderr);
    expect(report).toContain('\n      test/fixtures/integration/lost-update-let.mjs:11:3\n');
    expect(report).toContain('module binding balance (declared at test/fixtures/integration/lost-update-let.mjs:2:5)');
  });

  it('races through Promise subclass promises whose resolve functions the program holds are still reported', async () => {
    // Such a promise's first job may be a thenable job, queued with no hook: it learns nothing from
    // the markers that order subclass reactions after what they react to.
    const r = await runDetector('subclass-kept-resolve.mjs');
    expect(r.stdout).toBe('x=1 y=1\n');
    expect(r.code).toBe(66);
    expect(reportBlocks(r.stderr)).toHaveLength(2);
    expect(r.stderr).toMatch(/Lost update: async context \d+ read Object#\d+\.x at subclass-kept-resolve\.mjs:29:13/);
    expect(r.stderr).toMatch(/Lost update: async context \d+ read Object#\d+\.y at subclass-kept-resolve\.mjs:35:13/);
  });
});

describe.concurrent('race-free programs', { timeout: 60_000 }, () => {
  it('prints no report, exits 0 and leaves stdout exactly as without the detector', async () => {
    const [plain, detected] = await Promise.all([runPlain('race-free.mjs'), runDetector('race-free.mjs')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('total=6 keys=k1,k2,k3 limit=3 flushes=flushed,skipped\n');
    expect(detected.stderr).toBe('');
    expect(detected.code).toBe(0);
    expect(detected.stdout).toBe(plain.stdout);
  });

  it('the busy flag (tested and set in one segment, cleared after an await) is silent', async () => {
    const r = await runDetector('busy-flag.mjs');
    expect(r.stdout).toBe('flushed,skipped\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('reactions to Promise subclasses come after the settlement they react to (then, catch, finally, await)', async () => {
    const [plain, detected] = await Promise.all([runPlain('subclass-chains.mjs'), runDetector('subclass-chains.mjs')]);
    expect(plain.stdout).toBe('n=14 log=step 2 tracked\n');
    expect(detected.stderr).toBe('');
    expect(detected.code).toBe(0);
    expect(detected.stdout).toBe(plain.stdout);
  });

  it('strict-only pairs (two blind writes from timers) are silent by default', async () => {
    const r = await runDetector('strict-write-write.mjs');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe.concurrent('normalize()', () => {
  it('replaces pids and checkout paths only', () => {
    const text = `{"pid":123,"file":"${fixturesDir}/x.mjs:4:2"} ${projectDir}/dist/cli.mjs async context 7 at x.mjs:4:2`;
    expect(normalize(text)).toBe('{"pid":<pid>,"file":"<fixtures>/x.mjs:4:2"} <project>/dist/cli.mjs async context 7 at x.mjs:4:2');
  });
});
