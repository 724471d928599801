// expect: race
// A settings store saves a patch by copying the settings with a spread, waiting for the disk, and
// merging the copy and the patch back: a save that overlaps another writes back the copy it took
// before the other's patch landed, and that patch is lost.
// Fixed twin: norace-spread-snapshot-merge.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const settings = { theme: 'light', lang: 'en' };
settings.version = 1;
const written = [];

async function save(patch, ms) {
  const next = { ...settings, ...patch }; // race
  await sleep(ms); // writing the file
  written.push(JSON.stringify(next));
  Object.assign(settings, next); // race
}

await Promise.all([save({ theme: 'dark' }, 2), save({ lang: 'de' }, 4)]);
console.log('theme', settings.theme, 'lang', settings.lang, 'writes', written.length);
