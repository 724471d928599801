// How a racy program ends (issue: robustness): killed by a signal, stopped by an uncaught exception
// or an unhandled rejection, or process.exit() from a callback. The summary is printed once and the
// exit code is what it would be without the detector, or 66 where the program would have exited 0.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, reportBlocks, runDetector, runPlain } from './helpers.js';

const dir = path.join(fixturesDir, '..', 'robustness');
const opts = (extra: object = {}) => ({ cwd: dir, ...extra });

function summaries(stderr: string): string[] {
  return stderr.match(/^Found .*$/gm) ?? [];
}

describe.concurrent('ending a racy program', { timeout: 60_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} that the program does not handle: the summary, then death by ${signal}`, async () => {
      const [plain, detected] = await Promise.all([
        runPlain('signal-unhandled.mjs', opts({ signal: { after: 'ready\n', signal } })),
        runDetector('signal-unhandled.mjs', opts({ signal: { after: 'ready\n', signal } })),
      ]);
      expect(plain.signal).toBe(signal);
      expect(detected.signal).toBe(signal);
      expect(detected.code).toBe(plain.code);
      expect(detected.stdout).toBe('ready\n');
      expect(reportBlocks(detected.stderr)).toHaveLength(1);
      expect(summaries(detected.stderr)).toEqual(['Found 1 data race(s)']);
    });
  }

  it("a handled SIGTERM: the program's handler runs as it would (its listener count included), exit 0 becomes 66", async () => {
    const [plain, detected] = await Promise.all([
      runPlain('signal-handled.mjs', opts({ signal: { after: 'ready\n', signal: 'SIGTERM' } })),
      runDetector('signal-handled.mjs', opts({ signal: { after: 'ready\n', signal: 'SIGTERM' } })),
    ]);
    expect(plain.stdout).toBe('ready\ngraceful SIGTERM, 1 listener(s)\n');
    expect(detected.stdout).toBe(plain.stdout);
    expect(plain.code).toBe(0);
    expect(detected.code).toBe(66);
    expect(summaries(detected.stderr)).toEqual(['Found 1 data race(s)']);
  });

  it("a handled SIGINT whose handler exits 3 keeps 3", async () => {
    const r = await runDetector('signal-handled.mjs', opts({ args: ['3'], signal: { after: 'ready\n', signal: 'SIGINT' } }));
    expect(r.stdout).toBe('ready\ngraceful SIGINT, 1 listener(s)\n');
    expect(r.code).toBe(3);
    expect(summaries(r.stderr)).toEqual(['Found 1 data race(s)']);
  });

  it('a signal-exit style handler (re-raises when its listener is the only one) still kills the process', async () => {
    const [plain, detected] = await Promise.all([
      runPlain('signal-exit-like.mjs', opts({ signal: { after: 'ready\n', signal: 'SIGTERM' } })),
      runDetector('signal-exit-like.mjs', opts({ signal: { after: 'ready\n', signal: 'SIGTERM' } })),
    ]);
    expect(plain.stdout).toBe('ready\ncleanup\n');
    expect(plain.signal).toBe('SIGTERM');
    expect(detected.stdout).toBe(plain.stdout);
    expect(detected.signal).toBe('SIGTERM');
    expect(summaries(detected.stderr)).toEqual(['Found 1 data race(s)']);
  });

  it('an uncaught exception from a callback: same error and exit code 1, the report and the summary', async () => {
    const [plain, detected] = await Promise.all([runPlain('race-then-uncaught.mjs', opts()), runDetector('race-then-uncaught.mjs', opts())]);
    expect(plain.code).toBe(1);
    expect(detected.code).toBe(1);
    expect(detected.stderr).toContain('RangeError: out of range: 1\n    at Timeout._onTimeout (');
    expect(detected.stderr).toMatch(/race-then-uncaught\.mjs:6:9\)/);
    expect(reportBlocks(detected.stderr)).toHaveLength(1);
    expect(summaries(detected.stderr)).toEqual(['Found 1 data race(s)']);
  });

  it('an unhandled rejection: same error and exit code 1, the report and the summary', async () => {
    const [plain, detected] = await Promise.all([runPlain('race-then-rejection.mjs', opts()), runDetector('race-then-rejection.mjs', opts())]);
    expect(plain.code).toBe(1);
    expect(detected.code).toBe(1);
    expect(detected.stderr).toContain('TypeError: no handler for 1');
    expect(reportBlocks(detected.stderr)).toHaveLength(1);
    expect(summaries(detected.stderr)).toEqual(['Found 1 data race(s)']);
  });

  it('process.exit(0) from a callback becomes 66; process.exit(5) stays 5', async () => {
    const [zero, five] = await Promise.all([runDetector('race-then-exit.mjs', opts({ args: ['0'] })), runDetector('race-then-exit.mjs', opts({ args: ['5'] }))]);
    for (const r of [zero, five]) {
      expect(r.stdout).toBe('exiting\n');
      expect(reportBlocks(r.stderr)).toHaveLength(1);
      expect(summaries(r.stderr)).toEqual(['Found 1 data race(s)']);
    }
    expect(zero.code).toBe(66);
    expect(five.code).toBe(5);
  });

  it("an 'exit' listener that sets process.exitCode to 0 still exits 66; one that sets 5 exits 5", async () => {
    const [zero, five] = await Promise.all([runDetector('race-then-exit-listener.mjs', opts({ args: ['0'] })), runDetector('race-then-exit-listener.mjs', opts({ args: ['5'] }))]);
    for (const r of [zero, five]) {
      expect(r.stdout).toBe('done\n');
      expect(summaries(r.stderr)).toEqual(['Found 1 data race(s)']);
    }
    expect(zero.code).toBe(66);
    expect(five.code).toBe(5);
  });
});

describe.concurrent("a failure in the detector's own code", { timeout: 60_000 }, () => {
  const integration = path.join(fixturesDir);
  // RACEDETECT_FAILPOINT makes one part of the detector throw (src/runtime/failpoints.ts).
  for (const [failpoint, file, consequence] of [
    ['access', 'lost-update-field.mjs', 'no more accesses are recorded; the program runs on'],
    ['promise-hook', 'two-races.mjs', 'detection continues, possibly incomplete'],
    ['async-hook', 'two-races.mjs', 'detection continues, possibly incomplete'],
  ] as const) {
    it(`in ${failpoint}: never reaches the program, and is reported once`, async () => {
      const [plain, detected] = await Promise.all([runPlain(file, { cwd: integration }), runDetector(file, { cwd: integration, env: { RACEDETECT_FAILPOINT: failpoint } })]);
      expect(detected.stdout).toBe(plain.stdout);
      expect([0, 66]).toContain(detected.code);
      const lines = detected.stderr.match(/^racedetect: internal error.*$/gm) ?? [];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`(${consequence}): Error: failpoint ${failpoint}`);
    });
  }
});

describe.concurrent('reports that carry secrets', { timeout: 60_000 }, () => {
  it('redact=1: the Map key (a session token) is in no report, the location still names the Map', async () => {
    const [open, redacted] = await Promise.all([
      runDetector('session-token.mjs', { cwd: fixturesDir }),
      runDetector('session-token.mjs', { cwd: fixturesDir, env: { RACEDETECT_OPTIONS: 'redact=1' } }),
    ]);
    expect(open.stderr).toContain('Map#1["tok_4f9a1c2e77d3"]');
    expect(reportBlocks(redacted.stderr)).toHaveLength(1);
    expect(redacted.stderr).not.toContain('tok_4f9a1c2e77d3');
    expect(redacted.stderr).toMatch(/^Write at Map#1\[<redacted>\] \(created at session-token\.mjs:3:18\)/m);
    expect(redacted.stdout).toBe(open.stdout);
    expect(redacted.code).toBe(66);
  });
});
