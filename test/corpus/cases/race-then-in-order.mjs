// expect: race
// The same consumers on two different loads, on timers of different delays: nothing orders the
// reader after the writer (Node orders only timers of one delay), and which timer fires first
// decides what it shows.
import { setTimeout as sleep } from 'node:timers/promises';

const settings = { theme: 'unset' };
const loaded = sleep(2).then(() => ({ theme: 'dark' }));
const other = sleep(5).then(() => ({ theme: 'dark' }));

const applied = loaded.then((s) => {
  settings.theme = s.theme; // race
});
const shown = other.then(() => `theme: ${settings.theme}`); // race

await applied;
console.log(await shown);
