// The project's own race / no-race corpus (test/corpus/cases) as a vitest suite: one test per
// case, judged by the same code as `node test/corpus/run.mjs` (test/corpus/judge.mjs), plus
// checks of the corpus's own format and a smoke test of the command-line runner.
// Needs a built detector (dist/register.mjs): `npm test` builds first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPool,
  formatProblems,
  formatRow,
  judgeCase,
  listCases,
  parseCase,
  prepareWorkdir,
  projectDir,
  registerPath,
  removeWorkdir,
  summarize,
  type Row,
} from './corpus/judge.mjs';

const filter = process.env.CORPUS_FILTER ?? '';
const names = listCases(filter);
const all = listCases();
const pool = createPool(2);
const rows: Row[] = [];
let work = '';

describe('corpus format', () => {
  it('has at least 22 race cases, each with a race-free twin, in .mjs, .cjs and .ts', () => {
    const cases = all.map(parseCase);
    const races = cases.filter((c) => c.prefix === 'race');
    expect(races.length).toBeGreaterThanOrEqual(22);
    expect(cases.filter((c) => c.prefix === 'norace').length).toBeGreaterThanOrEqual(22);
    expect(cases.filter((c) => c.ext === 'cjs').length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.ext === 'ts').length).toBeGreaterThanOrEqual(4);
  });

  for (const name of names) {
    it(`${name} follows the corpus conventions`, () => {
      expect(formatProblems(name, all)).toEqual([]);
    });
  }
});

describe.concurrent('own corpus under the detector', () => {
  beforeAll(() => {
    if (!fs.existsSync(registerPath)) {
      throw new Error(`racedetect is not built: ${registerPath} is missing (run \`node build.mjs\`)`);
    }
    work = prepareWorkdir();
  });

  afterAll(() => {
    if (work) removeWorkdir(work);
    if (rows.length > 0) console.log(summarize(rows).line);
  });

  for (const name of names) {
    it(name, { timeout: 300_000 }, async () => {
      const row = await pool(() => judgeCase(name, { work }));
      rows.push(row);
      const why = [formatRow(row), row.err.trim().slice(0, 4000)].filter(Boolean).join('\n');
      expect(row.verdict, why).toBe('ok');
    });
  }
});

describe('command-line runner', () => {
  it('judges a filtered pair and prints the summary line', { timeout: 300_000 }, () => {
    const r = spawnSync(process.execPath, [path.join(projectDir, 'test/corpus/run.mjs'), 'race-timer-delays'], {
      cwd: projectDir,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(3); // race-timer-delays.mjs, norace-timer-delays.mjs, summary
    const m = /^races found and located (\d+)\/1, race-free cases clean (\d+)\/1, false positives (\d+), false negatives (\d+)$/.exec(lines[2]);
    expect(m, lines[2]).not.toBeNull();
    const allOk = m![1] === '1' && m![2] === '1';
    expect(r.status).toBe(allOk ? 0 : 1);
  });
});
