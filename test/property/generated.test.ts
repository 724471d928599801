// Property: a generated async program (programs.ts) prints the same with and without the detector, and
// the detector reports a race exactly when the generator built one. fast-check shrinks a failure to a
// small program and prints the seed that replays it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectDir, registerPath, reportBlocks, run } from '../integration/helpers.js';
import { type FreeProgram, type FreeStep, type Program, type SimpleStep, type Step, programSource, raceByConstruction, raceFreeSource } from './programs.js';

const simple: fc.Arbitrary<SimpleStep> = fc.record({
  kind: fc.constantFrom('rmw', 'lockedRmw', 'inc', 'lockedInc', 'pause', 'peek'),
  key: fc.constantFrom('k0', 'k1', 'k2'),
  wait: fc.oneof({ arbitrary: fc.constantFrom('null', 'resolve', 'tick'), weight: 9 }, { arbitrary: fc.constant('immediate' as const), weight: 1 }),
});
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: simple, weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('fanout' as const), parts: fc.tuple(simple, simple) }), weight: 1 },
);
const program: fc.Arbitrary<Program> = fc.array(
  fc.array(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
  { minLength: 1, maxLength: 2 },
);

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-prop-'));
  // The programs import async-mutex from this checkout.
  fs.symlinkSync(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('generated programs: same output under the detector, and a report exactly when a race was built in', { timeout: 600_000 }, async () => {
  const seen = { race: 0, none: 0, depends: 0 };
  let n = 0;
  await fc.assert(
    fc.asyncProperty(program, async (p) => {
      const file = path.join(dir, `p${n++}.mjs`);
      fs.writeFileSync(file, programSource(p));
      const [plain, detected] = await Promise.all([run([file], { cwd: dir }), run(['--import', registerPath, file], { cwd: dir })]);
      const expected = raceByConstruction(p);
      seen[expected]++;
      expect(plain.code).toBe(0);
      expect(detected.stdout).toBe(plain.stdout);
      if (expected === 'race') {
        expect(detected.code, detected.stderr).toBe(66);
        expect(reportBlocks(detected.stderr).some((b) => b.includes('Lost update'))).toBe(true);
      } else if (expected === 'none') {
        expect(detected.stderr).toBe('');
        expect(detected.code).toBe(0);
      } else {
        expect([0, 66]).toContain(detected.code);
      }
    }),
    { numRuns: Number(process.env.RACEDETECT_PROPERTY_RUNS) || 60 },
  );
  // Not vacuous: both verdicts came up.
  expect(seen.race).toBeGreaterThan(0);
  expect(seen.none).toBeGreaterThan(0);
});

const freeStep: fc.Arbitrary<FreeStep> = fc.record({
  kind: fc.constantFrom('lockedRmw', 'lockedInc', 'lockedPeek', 'privateRmw', 'pause'),
  key: fc.constantFrom('k0', 'k1', 'k2'),
  wait: fc.constantFrom('null', 'sleep0', 'sleep1', 'sleep2', 'immediate', 'race', 'any', 'allSettled'),
});
const freeProgram: fc.Arbitrary<FreeProgram> = fc.array(
  fc.array(fc.array(fc.array(freeStep, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }),
  { minLength: 1, maxLength: 2 },
);

it('race-free generated programs with timers, immediates and combinators: same result, no report', { timeout: 600_000 }, async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(freeProgram, async (p) => {
      const file = path.join(dir, `f${n++}.mjs`);
      fs.writeFileSync(file, raceFreeSource(p));
      const [plain, detected] = await Promise.all([run([file], { cwd: dir }), run(['--import', registerPath, file], { cwd: dir })]);
      expect(plain.code).toBe(0);
      expect(detected.stderr).toBe('');
      expect(detected.code).toBe(0);
      expect(detected.stdout).toBe(plain.stdout);
    }),
    { numRuns: Number(process.env.RACEDETECT_PROPERTY_RUNS) || 40 },
  );
});
