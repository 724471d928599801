// The HTML race page in a real browser: Debian's chromium, driven by playwright-core (which downloads no
// browser of its own). For the samples' races and a page of two races: one lane per context involved,
// the two racing accesses marked with their operations, happens-before edges, exactly one missing edge
// per race, the accessed source lines, every element drawn with a size inside the viewport, and no
// request but the page itself. Without /usr/bin/chromium the test is skipped, except under CI=true,
// where it fails (.ci/run installs chromium).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, jsonLines, projectDir, registerPath, run, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.CI === 'true';
const present = fs.existsSync(CHROMIUM);
if (!present && !required) console.warn(`html-browser.test.ts: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

interface Report {
  kind: string;
  current: { op: string; context: number; stack: { file: string; line: number }[] };
  previous: { op: string; context: number; stack: { file: string; line: number }[] };
}

/** Runs `file` (relative to `cwd`) with html=FILE format=json: the page and the JSON reports. */
async function page(cwd: string, file: string): Promise<{ url: string; reports: Report[]; cwd: string }> {
  const out = path.join(tempDir(), 'races.html');
  const r = await run(['--import', registerPath, file], { cwd, env: { RACEDETECT_OPTIONS: `html=${out} format=json` } });
  expect(r.code, r.stderr).toBe(66);
  const reports = jsonLines(r.stderr).filter((l) => l.type === 'race') as unknown as Report[];
  return { url: pathToFileURL(out).href, reports, cwd };
}

/** The text of a source line, as the page should show it. */
function sourceLine(cwd: string, frame: { file: string; line: number }): string {
  return fs.readFileSync(path.resolve(cwd, frame.file), 'utf8').split('\n')[frame.line - 1];
}

interface Box {
  what: string;
  width: number;
  height: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

describe.skipIf(!present && !required)('the HTML race page in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;

  beforeAll(async () => {
    // launch() starts the browser on a fresh temporary profile of its own, removed on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const cases: [string, string, string, number][] = [
    ['the dashboard sample (lost update)', projectDir, 'samples/dashboard-clients.mjs', 1],
    ['the websocket sample (timing-dependent read)', projectDir, 'samples/ws-handler-test.mjs', 1],
    ['two races in one page', fixturesDir, 'two-races.mjs', 2],
  ];

  for (const [name, cwd, file, races] of cases) {
    it(name, async () => {
      const { url, reports } = await page(cwd, file);
      expect(reports).toHaveLength(races);
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      tab.on('request', (req) => requests.push(req.url()));
      await tab.goto(url);
      const sections = tab.locator('section.race');
      expect(await sections.count()).toBe(races);

      for (let i = 0; i < races; i++) {
        const r = reports[i];
        const section = sections.nth(i);
        expect(await section.getAttribute('data-kind')).toBe(r.kind);

        // One lane per context involved; the two racing ones are the report's two contexts.
        const lanes = section.locator('g.lane');
        const laneCount = await lanes.count();
        expect(laneCount).toBe(Number(await section.getAttribute('data-lanes')));
        expect(laneCount).toBeGreaterThanOrEqual(2);
        const racing = await section.locator('g.lane.racing').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-context'))));
        expect(racing.sort()).toEqual([r.current.context, r.previous.context].sort());
        for (let l = 0; l < laneCount; l++) {
          expect(await lanes.nth(l).locator('rect.segment').count()).toBeGreaterThanOrEqual(1);
          expect((await lanes.nth(l).locator('text.lane-label').textContent())!.length).toBeGreaterThan(0);
        }
        for (const c of racing) await expect(section.locator(`g.lane[data-context="${c}"] text.lane-label`).textContent()).resolves.toBe(`async context ${c}`);

        // The two racing accesses, with their operations; at least one edge; exactly one missing edge.
        const markers = section.locator('g.access.racing');
        expect(await markers.count()).toBe(2);
        expect(await section.locator('g.access.racing[data-role="current"]').getAttribute('data-op')).toBe(r.current.op);
        expect(await section.locator('g.access.racing[data-role="previous"]').getAttribute('data-op')).toBe(r.previous.op);
        expect(await section.locator('g.access.racing[data-role="current"] text').textContent()).toBe(r.current.op);
        expect(await section.locator('path.hb-edge').count()).toBeGreaterThanOrEqual(1);
        expect(await section.locator('path.missing-edge').count()).toBe(1);
        expect(await section.locator('.missing-text').textContent()).toMatch(/^missing happens-before: async context \d+'s (read|write) at .+ → async context \d+'s (read|write) at .+$/);

        // The source lines of both accesses.
        for (const role of ['current', 'previous'] as const) {
          const frame = r[role].stack[0];
          const hit = section.locator(`.source[data-role="${role}"] .line.hit`);
          expect(await hit.getAttribute('data-line')).toBe(String(frame.line));
          expect(await hit.textContent()).toBe(`${frame.line}${sourceLine(cwd, frame)}`);
        }

        // Everything drawn, with a size, inside the viewport once the figure is scrolled into view.
        await section.locator('svg.timeline').scrollIntoViewIfNeeded();
        const boxes: Box[] = await section.evaluate((s) => {
          const out: Box[] = [];
          const selectors = ['svg.timeline', 'g.lane', 'rect.segment', 'g.access', 'path.hb-edge', 'path.missing-edge', 'g.tick text'];
          for (const sel of selectors) {
            s.querySelectorAll(sel).forEach((el, k) => {
              const b = el.getBoundingClientRect();
              out.push({ what: `${sel}[${k}]`, width: b.width, height: b.height, top: b.top, left: b.left, bottom: b.bottom, right: b.right });
            });
          }
          return out;
        });
        const viewport = tab.viewportSize()!;
        for (const b of boxes) {
          // A straight vertical or horizontal edge has no extent across it; every element has one along it.
          if (b.what.startsWith('path.')) expect(b.width + b.height, b.what).toBeGreaterThan(0);
          else {
            expect(b.width, b.what).toBeGreaterThan(0);
            expect(b.height, b.what).toBeGreaterThan(0);
          }
          expect(b.left, b.what).toBeGreaterThanOrEqual(0);
          expect(b.top, b.what).toBeGreaterThanOrEqual(0);
          expect(b.right, b.what).toBeLessThanOrEqual(viewport.width);
          expect(b.bottom, b.what).toBeLessThanOrEqual(viewport.height);
        }
      }
      expect(requests).toEqual([url]);
      await tab.close();
    });
  }
});
