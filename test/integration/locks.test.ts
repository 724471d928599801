// Rule 5: locks order what they guard (async-mutex's ESM and CommonJS builds, Semaphore, withTimeout,
// async-lock in both its modes, racedetect's own Mutex and annotations), and two different locks order
// nothing.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectDir, registerPath, run } from './helpers.js';

const dir = path.join(projectDir, 'test', 'fixtures', 'locks');

beforeAll(() => {
  // `import 'racedetect'` from the fixture resolves to this checkout.
  const link = path.join(dir, 'node_modules', 'racedetect');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (!fs.existsSync(link)) fs.symlinkSync(projectDir, link, 'dir');
});

const detect = (file: string) => run(['--import', registerPath, file], { cwd: dir });

describe.concurrent('locks', () => {
  for (const [file, stdout] of [
    ['mutex-esm.mjs', '70 2 3\n'],
    ['mutex-cjs.cjs', 'left 4\n'],
    ['async-lock.cjs', 'items 6\n'],
    ['own-mutex.mjs', '3 42\n'],
  ] as const) {
    it(`${file}: sections under one lock are ordered (no report)`, async () => {
      const r = await detect(file);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(stdout);
      expect(r.code).toBe(0);
    });
  }

  for (const file of ['two-mutexes.mjs', 'two-lock-keys.cjs']) {
    it(`${file}: two different locks order nothing (a lost update)`, async () => {
      const r = await detect(file);
      expect(r.code).toBe(66);
      expect(r.stderr).toMatch(/^Lost update: /m);
      expect(r.stderr.match(/^WARNING: DATA RACE$/gm)).toHaveLength(1);
    });
  }
});
