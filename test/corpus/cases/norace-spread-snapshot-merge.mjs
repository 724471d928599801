// expect: none
// race-spread-snapshot-merge.mjs fixed: the patch is merged into the settings at once, and the copy
// written to disk is taken from the merged settings; the copy is only read after the await.
import { setTimeout as sleep } from 'node:timers/promises';

const settings = { theme: 'light', lang: 'en' };
settings.version = 1;
const written = [];

async function save(patch, ms) {
  Object.assign(settings, patch);
  const next = { ...settings };
  await sleep(ms); // writing the file
  written.push(JSON.stringify(next));
}

await Promise.all([save({ theme: 'dark' }, 2), save({ lang: 'de' }, 4)]);
console.log('theme', settings.theme, 'lang', settings.lang, 'writes', written.length);
