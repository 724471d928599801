// Real libraries under the detector: programs that use express + supertest, lru-cache, csv-parse with
// node:stream, p-queue, p-map, async and fastq the way their READMEs do. Each prints the same under the detector as
// without it and reports nothing; where instrumenting the libraries themselves (include=**) is also
// race-free, that is checked too. The *-tally programs are real races that the libraries do not
// prevent.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, reportBlocks, run } from './helpers.js';

const dir = path.join(projectDir, 'test', 'fixtures', 'libraries');
const plain = (file: string) => run([file], { cwd: dir, timeoutMs: 60_000 });
const detect = (file: string, options = '') => run(['--import', path.join(projectDir, 'dist', 'register.mjs'), file], { cwd: dir, timeoutMs: 60_000, env: { RACEDETECT_OPTIONS: options || undefined } });

const PROGRAMS: [file: string, librariesToo: boolean][] = [
  ['express-carts.mjs', true],
  ['csv-stream.mjs', true],
  ['lru-fetch.mjs', false],
  ['p-queue-crawl.mjs', false],
  ['async-parallel.cjs', false],
  ['p-map-resize.mjs', false],
  ['fastq-thumbnails.mjs', false],
];

describe.concurrent('real libraries', { timeout: 120_000 }, () => {
  for (const [file, librariesToo] of PROGRAMS) {
    it(`${file}: same output, exit 0, no report${librariesToo ? ', also with the libraries instrumented' : ''}`, async () => {
      const runs = await Promise.all([plain(file), detect(file), ...(librariesToo ? [detect(file, 'include=**/*')] : [])]);
      const [base, ...detected] = runs;
      expect(base.code).toBe(0);
      expect(base.stdout.length).toBeGreaterThan(0);
      for (const r of detected) {
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(base.stdout);
        expect(r.code).toBe(0);
      }
    });
  }

  it('async-each-tally.mjs: the lost update between items that eachLimit runs at once is still reported', async () => {
    const r = await detect('async-each-tally.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toMatch(/^tally \d+\n$/);
    expect(r.stderr).toMatch(/^Lost update: async context \d+ read module binding tally at async-each-tally\.mjs:7:16, awaited at async-each-tally\.mjs:8:3,/m);
  });

  it('p-map-tally.mjs: the lost update between mappers that run at once is still reported', async () => {
    const r = await detect('p-map-tally.mjs');
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/^Lost update: async context \d+ read module binding bytes at p-map-tally\.mjs:7:16, awaited at p-map-tally\.mjs:8:3,/m);
  });

  it('fastq-tally.mjs: the lost update between workers that run at once is still reported', async () => {
    const r = await detect('fastq-tally.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toBe('bytes true\n');
    expect(r.stderr).toMatch(/^Lost update: async context \d+ read module binding bytes at fastq-tally\.mjs:9:18, awaited at fastq-tally\.mjs:10:3,/m);
  });

  it('p-queue-tally.mjs: the lost update between queued tasks is still reported', async () => {
    const r = await detect('p-queue-tally.mjs');
    expect(r.code).toBe(66);
    expect(r.stdout).toMatch(/^tally \d+\n$/);
    const lost = reportBlocks(r.stderr).find((b) => b.includes('Lost update'));
    expect(lost).toMatch(/^Write at module binding tally \(declared at p-queue-tally\.mjs:7:5\) by async context \d+:\n {2}<anonymous>\(\)\n {6}p-queue-tally\.mjs:12:5\n/m);
    expect(lost).toMatch(/^Lost update: async context \d+ read module binding tally at p-queue-tally\.mjs:10:18, awaited at p-queue-tally\.mjs:11:5,/m);
  });
});
