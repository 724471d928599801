// expect: none
// The draft made after the server accepted the change: copy, edit and merge are one synchronous
// stretch, so each update keeps the other's key.
const { setTimeout: sleep } = require('node:timers/promises');

const prefs = { theme: 'light', lang: 'en' };

async function update(key, value, saveMs) {
  await sleep(saveMs); // the server accepts the change
  const draft = JSON.parse(JSON.stringify(prefs));
  draft[key] = value;
  Object.assign(prefs, draft);
}

Promise.all([update('theme', 'dark', 3), update('lang', 'fr', 1)]).then(() => console.log(prefs.theme, prefs.lang));
