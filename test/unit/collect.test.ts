// The CLI's collector of the processes' reports (src/report/collect.ts): each race printed once, in the
// order the processes wrote them, whatever their process ids.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunCollector } from '../../src/report/collect.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const line = (key: string, at: number): string => JSON.stringify({ key, at, text: `${key}\n`, report: { key } });

describe('RunCollector', () => {
  it('prints races in the order they were written, not by process id, each once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-collect-'));
    dirs.push(dir);
    // Process ids wrap around: the later of two processes run one after the other has the smaller id,
    // and both finished between two polls.
    fs.writeFileSync(path.join(dir, '32700.ndjson'), `${line('first', 1000)}\n${line('second', 1001)}\n`);
    const fourth = line('fourth', 3000);
    fs.writeFileSync(path.join(dir, '301.ndjson'), `${line('third', 2000)}\n${line('first', 2001)}\n${fourth.slice(0, 10)}`);
    const printed: string[] = [];
    const c = new RunCollector(dir, 'text', (t) => printed.push(t));
    c.poll();
    expect(printed).toEqual(['first\n', 'second\n', 'third\n']);
    expect(c.keys()).toEqual(['first', 'second', 'third']);
    expect(c.totals()).toEqual({ races: 3, processes: 2 });
    // A line the process was still writing is read whole on the next poll.
    fs.appendFileSync(path.join(dir, '301.ndjson'), `${fourth.slice(10)}\n`);
    c.poll();
    expect(printed.at(-1)).toBe('fourth\n');
  });
});
