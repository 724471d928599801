// The HTML page on hand-made report data: what each race's figure holds, escaping, the source lines
// read when the page is written, nothing external, and the file's mode.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RaceReport } from '../../src/report/build.js';
import { type HtmlEntry, racesInRunDir, renderHtml, writeHtmlReport } from '../../src/report/html.js';
import type { Timeline } from '../../src/report/timeline.js';
import { tempDir } from '../temp.js';

const dir = tempDir('racedetect-html-');
const source = path.join(dir, 'app.mjs');
fs.writeFileSync(source, ['const store = new Map();', 'async function add(k) {', '  const n = store.get(k) ?? 0; // <read>', '  await save();', '  store.set(k, n + 1); // "write" & done', '}'].join('\n'));

function report(location: string): RaceReport {
  const frame = (line: number, column: number) => ({ fn: 'add', file: 'app.mjs', line, column });
  return {
    kind: 'lost-update',
    location,
    createdAt: 'app.mjs:1:15',
    origin: 'created',
    current: { op: 'Write', context: 3, stack: [frame(5, 3)] },
    previous: { op: 'Write', context: 2, stack: [frame(5, 3)] },
    window: { op: 'Read', context: 3, stack: [frame(3, 13)] },
    sleep: null,
    contexts: [],
    explanation: `Lost update: async context 3 read ${location} at app.mjs:3:13, awaited at app.mjs:4:3, and wrote it back, but async context 2 wrote it in between; one of the two updates is lost.`,
  };
}

function timeline(): Timeline {
  const access = (role: 'current' | 'previous' | 'window', op: 'Read' | 'Write', lane: number, seg: number, at: number, line: number, column: number) =>
    ({ role, op, lane, seg, at, fn: 'add', file: 'app.mjs', line, column, source });
  return {
    start: 10,
    end: 52,
    lanes: [
      { id: 3, label: 'async context 3', detail: 'async function, app.mjs:2', main: false, racing: true, spans: [{ seg: 0, start: 10, end: 11 }, { seg: 1, start: 50, end: 52 }] },
      { id: 2, label: 'async context 2', detail: 'async function, app.mjs:2', main: false, racing: true, spans: [{ seg: 0, start: 9, end: 9.5 }, { seg: 1, start: 30, end: 31 }] },
      { id: 1, label: 'async context 1', detail: 'main flow', main: true, racing: false, spans: [{ seg: 0, start: 8, end: 12 }] },
      { id: 0, label: 'timer callback', detail: 'no tracked access', main: false, racing: false, spans: [{ seg: 0, start: 49, end: 49.5 }] },
    ],
    edges: [
      { from: { lane: 2, seg: 0, at: 9 }, to: { lane: 1, seg: 0, at: 9 }, kind: 'fork' },
      { from: { lane: 2, seg: 0, at: 10 }, to: { lane: 0, seg: 0, at: 10 }, kind: 'fork' },
      { from: { lane: 3, seg: 0, at: 49.4 }, to: { lane: 0, seg: 1, at: 50 }, kind: 'settle' },
    ],
    accesses: [access('current', 'Write', 0, 1, 52, 5, 3), access('previous', 'Write', 1, 1, 30.5, 5, 3), access('window', 'Read', 0, 0, 10.5, 3, 13)],
    missing: { from: 'previous', to: 'window', text: "missing happens-before: async context 2's write at app.mjs:5:3 → async context 3's read at app.mjs:3:13" },
  };
}

const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;

describe('the HTML page', () => {
  const entries: HtmlEntry[] = [
    { report: report('Map#1["a"]'), timeline: timeline(), pid: 101 },
    { report: report('Map#1[<script>alert(1)</script>]'), timeline: timeline(), pid: 102 },
  ];
  const html = renderHtml(entries);

  it('one section per race, each with its lanes, segments, markers, edges and one missing edge', () => {
    expect(count(html, /<section class="race"/g)).toBe(2);
    expect(count(html, /<g class="lane[^"]*" data-lane=/g)).toBe(8);
    expect(count(html, /<g class="lane racing"/g)).toBe(4);
    expect(count(html, /<g class="lane main"/g)).toBe(2);
    expect(count(html, /<rect class="segment"/g)).toBe(12);
    expect(count(html, /<g class="access racing" data-role="(current|previous)" data-op="Write"/g)).toBe(4);
    expect(count(html, /<g class="access window" data-role="window" data-op="Read"/g)).toBe(2);
    expect(count(html, /<path class="hb-edge"/g)).toBe(6);
    expect(count(html, /<path class="missing-edge" data-from="previous" data-to="window"/g)).toBe(2);
    expect(html).toContain('Race 1 of 2: Lost update on Map#1[&quot;a&quot;]');
    expect(html).toContain('found by process 102');
    expect(html).toContain('>async context 3</text>');
    expect(html).toContain('>timer callback</text>');
    expect(html).toContain("missing happens-before: async context 2&#39;s write at app.mjs:5:3 → async context 3&#39;s read at app.mjs:3:13");
  });

  it('ticks in milliseconds on the axis', () => {
    const ticks = [...html.matchAll(/<g class="tick" data-ms="([\d.]+)">/g)].map((m) => Number(m[1]));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(html).toMatch(/<text [^>]*>20 ms<\/text>/);
  });

  it('the source lines of the accesses, escaped, the accessed one marked', () => {
    expect(html).toContain('<span class="line hit" data-line="5"><span class="ln">5</span>  store.set(k, n + 1); // &quot;write&quot; &amp; done</span>');
    expect(html).toContain('<span class="line hit" data-line="3"><span class="ln">3</span>  const n = store.get(k) ?? 0; // &lt;read&gt;</span>');
    expect(html).toContain('<span class="line" data-line="4"><span class="ln">4</span>  await save();</span>');
  });

  it('escapes what the program named, and fetches nothing', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Only the page's own fragments are referenced (the arrowheads: url(#hb-1)).
    expect(html).not.toMatch(/https?:|src=|<link|url\((?!#)|@import/i);
  });

  it('a race without a timeline, and a run without races', () => {
    const one = renderHtml([{ report: report('x'), timeline: null, pid: 1 }]);
    expect(one).toContain('No timeline');
    expect(count(one, /<svg/g)).toBe(0);
    expect(renderHtml([])).toContain('No data races found.');
  });

  it('a source file that is gone leaves a note instead of lines', () => {
    const t = timeline();
    for (const a of t.accesses) a.source = path.join(dir, 'gone.mjs');
    expect(renderHtml([{ report: report('x'), timeline: t, pid: 1 }])).toContain('(source not available)');
  });

  it('is written with mode 0600, replacing what was there', () => {
    const file = path.join(dir, 'races.html');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    writeHtmlReport(file, entries);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(html);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it("reads the CLI's run directory: each distinct race once, with its timeline and process", () => {
    const run = fs.mkdtempSync(path.join(dir, 'run-'));
    const line = (key: string, pid: number, t: Timeline | null) => JSON.stringify({ key, text: '', report: { type: 'race', pid, ...report(key) }, timeline: t });
    fs.writeFileSync(path.join(run, '200.ndjson'), [line('a', 200, timeline()), line('b', 200, null), '{partial'].join('\n'));
    fs.writeFileSync(path.join(run, '100.ndjson'), line('a', 100, null) + '\n');
    const found = racesInRunDir(run);
    expect(found.map((e) => [e.report.location, e.pid, e.timeline === null])).toEqual([
      ['a', 100, true],
      ['b', 200, true],
    ]);
    expect(found[0].report).not.toHaveProperty('type');
  });

  it('keeps the order the CLI printed the races in, not the order of the process ids', () => {
    // Process ids wrap around: the second of two processes run one after the other can have the smaller one.
    const run = fs.mkdtempSync(path.join(dir, 'run-'));
    const line = (key: string, pid: number) => JSON.stringify({ key, text: '', report: { type: 'race', pid, ...report(key) }, timeline: null });
    fs.writeFileSync(path.join(run, '32700.ndjson'), line('first', 32700) + '\n');
    fs.writeFileSync(path.join(run, '301.ndjson'), [line('second', 301), line('third', 301)].join('\n') + '\n');
    expect(racesInRunDir(run, ['first', 'second', 'third']).map((e) => e.report.location)).toEqual(['first', 'second', 'third']);
    // Without the printed order (or for a race it does not hold): file order.
    expect(racesInRunDir(run).map((e) => e.report.location)).toEqual(['second', 'third', 'first']);
    expect(racesInRunDir(run, ['first']).map((e) => e.report.location)).toEqual(['first', 'second', 'third']);
  });
});
