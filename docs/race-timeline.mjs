// Makes docs/race-timeline.png, the README's picture of a race: runs a sample with html=FILE, opens the
// page in Debian's chromium (playwright-core, no browser download) and captures the first race.
//   node build.mjs && node docs/race-timeline.mjs [samples/dashboard-clients.mjs]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sample = process.argv[2] ?? 'samples/dashboard-clients.mjs';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-picture-'));
const page = path.join(dir, 'races.html');
try {
  execFileSync(process.execPath, ['--import', './dist/register.mjs', sample], {
    cwd: root,
    env: { ...process.env, RACEDETECT_OPTIONS: `html=${page}`, RACEDETECT_NO_CACHE: '1' },
    stdio: 'ignore',
  });
} catch {
  // exit code 66: races found
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1160, height: 1000 } });
  await tab.goto(pathToFileURL(page).href);
  // The figure and the source lines of the two racing accesses (under 150 KB); the text report below
  // them is the one the terminal shows.
  await tab.addStyleTag({ content: 'details, .source[data-role="window"] { display: none }' });
  await tab.locator('section.race').first().screenshot({ path: path.join(root, 'docs', 'race-timeline.png') });
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
