// expect: race
// Preferences edited on a draft: each update deep-copies the shared preferences with a JSON round
// trip, changes one key on the copy, waits for the server to accept it and merges the whole copy
// back. The slower update writes the other's key back to its old value.
const { setTimeout: sleep } = require('node:timers/promises');

const prefs = { theme: 'light', lang: 'en' };

async function update(key, value, saveMs) {
  const draft = JSON.parse(JSON.stringify(prefs)); // race
  draft[key] = value;
  await sleep(saveMs); // the server accepts the change
  Object.assign(prefs, draft); // race
}

Promise.all([update('theme', 'dark', 3), update('lang', 'fr', 1)]).then(() => console.log('saved'));
