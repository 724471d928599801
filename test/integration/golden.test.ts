// Golden tests: the WHOLE stderr of a racy run, pinned. Each snapshot was read against SPEC §2
// (separators, `WARNING: DATA RACE`, both accesses with stacks at the right lines, where each async
// context was created, the explanation naming the kind of race, the summary line) before it was kept.
// Line numbers, columns and context ids are deterministic for a fixture and are part of the contract;
// only pids and checkout paths are normalised.
import { describe, it } from 'vitest';
import { normalize, runDetector } from './helpers.js';

describe.concurrent('golden reports', { timeout: 60_000 }, () => {
  it('lost update on a class field (lost-update-field.mjs)', async ({ expect }) => {
    const r = await runDetector('lost-update-field.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('wallet: 7\n');
    expect(normalize(r.stderr)).toMatchInlineSnapshot(`
      "==================
      WARNING: DATA RACE
      Write at Wallet#1.balance (created at lost-update-field.mjs:12:16) by async context 2:
        Wallet.add()
            lost-update-field.mjs:8:5
        async <anonymous>()
            lost-update-field.mjs:13:1

      Previous write at Wallet#1.balance by async context 1:
        Wallet.add()
            lost-update-field.mjs:8:5
        <anonymous>()
            lost-update-field.mjs:13:27

      Previous read at Wallet#1.balance by async context 2:
        Wallet.add()
            lost-update-field.mjs:6:21
        <anonymous>()
            lost-update-field.mjs:13:42

      Async context 2 (running) created at:
        <anonymous>()
            lost-update-field.mjs:13:42

      Async context 1 (finished) created at:
        <anonymous>()
            lost-update-field.mjs:13:27

      Lost update: async context 2 read Wallet#1.balance at lost-update-field.mjs:6:21, awaited at lost-update-field.mjs:7:5, and wrote it back, but async context 1 wrote it in between; one of the two updates is lost.
      ==================
      Found 1 data race(s)
      "
    `);
  });

  it('timing-dependent read after a timers/promises sleep (timing-sleep.mjs)', async ({ expect }) => {
    const r = await runDetector('timing-sleep.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('port: 8080\n');
    expect(normalize(r.stderr)).toMatchInlineSnapshot(`
      "==================
      WARNING: DATA RACE
      Read at Config#1.port (created at timing-sleep.mjs:8:16) by async context 2:
        report()
            timing-sleep.mjs:17:24
        async <anonymous>()
            timing-sleep.mjs:21:1

      Previous write at Config#1.port by async context 1:
        loadConfig()
            timing-sleep.mjs:12:3
        <anonymous>()
            timing-sleep.mjs:20:1

      As if synchronized via sleep:
        report()
            timing-sleep.mjs:16:3

      Async context 2 (finished) created at:
        <anonymous>()
            timing-sleep.mjs:21:7

      Async context 1 (finished) created at:
        <anonymous>()
            timing-sleep.mjs:20:1

      Timing-dependent read: async context 2 reached this read of Config#1.port by waiting on a timer, and async context 1 writes it with nothing ordering the two; what it reads depends on timing.
      ==================
      Found 1 data race(s)
      "
    `);
  });

  it('lost update in TypeScript, in original .ts coordinates (typed-account.ts)', async ({ expect }) => {
    const r = await runDetector('typed-account.ts');
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('total: 2\n');
    expect(normalize(r.stderr)).toMatchInlineSnapshot(`
      "==================
      WARNING: DATA RACE
      Write at Ledger#1.total (created at typed-account.ts:19:24) by async context 2:
        credit()
            typed-account.ts:28:3
        async <anonymous>()
            typed-account.ts:31:1

      Previous write at Ledger#1.total by async context 1:
        credit()
            typed-account.ts:28:3
        <anonymous>()
            typed-account.ts:31:20

      Previous read at Ledger#1.total by async context 2:
        credit()
            typed-account.ts:26:25
        <anonymous>()
            typed-account.ts:31:36

      Async context 2 (running) created at:
        <anonymous>()
            typed-account.ts:31:36

      Async context 1 (finished) created at:
        <anonymous>()
            typed-account.ts:31:20

      Lost update: async context 2 read Ledger#1.total at typed-account.ts:26:25, awaited at typed-account.ts:27:3, and wrote it back, but async context 1 wrote it in between; one of the two updates is lost.
      ==================
      Found 1 data race(s)
      "
    `);
  });

  it('lost update on a module-level let (lost-update-let.mjs)', async ({ expect }) => {
    // Hand-written, not a snapshot: SPEC §2 attaches where the location comes from to the FIRST access line
    // only (`Write at Map#3["user:1"] (created at src/cache.ts:4:15) by ...`, then `Previous read at
    // Map#3["user:1"] by ...`, and the explanation names the bare location). The detector currently repeats
    // "(declared at lost-update-let.mjs:2:5)" in all three access lines and inside the explanation, where
    // "read module binding balance (declared at lost-update-let.mjs:2:5) at lost-update-let.mjs:9:18"
    // runs two locations together.
    const r = await runDetector('lost-update-let.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('balance: 20\n');
    expect(normalize(r.stderr)).toBe(`==================
WARNING: DATA RACE
Write at module binding balance (declared at lost-update-let.mjs:2:5) by async context 2:
  deposit()
      lost-update-let.mjs:11:3
  async <anonymous>()
      lost-update-let.mjs:14:1

Previous write at module binding balance by async context 1:
  deposit()
      lost-update-let.mjs:11:3
  <anonymous>()
      lost-update-let.mjs:14:20

Previous read at module binding balance by async context 2:
  deposit()
      lost-update-let.mjs:9:18
  <anonymous>()
      lost-update-let.mjs:14:33

Async context 2 (running) created at:
  <anonymous>()
      lost-update-let.mjs:14:33

Async context 1 (finished) created at:
  <anonymous>()
      lost-update-let.mjs:14:20

Lost update: async context 2 read module binding balance at lost-update-let.mjs:9:18, awaited at lost-update-let.mjs:10:3, and wrote it back, but async context 1 wrote it in between; one of the two updates is lost.
==================
Found 1 data race(s)
`);
  });
});
