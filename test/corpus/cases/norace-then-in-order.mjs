// expect: none
// A settings loader hands the same promise to two consumers: the first `then` applies the
// defaults, the second reads them. V8 runs one promise's reactions in the order they were
// registered, so the reader always sees the defaults.
import { setTimeout as sleep } from 'node:timers/promises';

const settings = { theme: 'unset' };
const loaded = sleep(2).then(() => ({ theme: 'dark' }));

const applied = loaded.then((s) => {
  settings.theme = s.theme;
});
const shown = loaded.then(() => `theme: ${settings.theme}`);

await applied;
console.log(await shown);
