// expect: race
// CommonJS feature-flag client: a flag missing from the local table is fetched
// from the flag service. `Object.hasOwn` tests the table before the fetch and
// the flag is stored after it, so two evaluations of one flag both fetch and
// the later store replaces the earlier one.
const { setImmediate: nextLoop } = require('node:timers/promises');

const flags = Object.create(null);
let fetches = 0;

async function fetchFlag(name) {
  fetches++;
  await nextLoop();
  return { name, enabled: name.length % 2 === 0, version: fetches };
}

async function isEnabled(name) {
  if (!Object.hasOwn(flags, name)) { // race
    const flag = await fetchFlag(name);
    flags[name] = flag; // race
  }
  return flags[name].enabled;
}

Promise.all([isEnabled('dark-mode'), isEnabled('dark-mode'), isEnabled('beta')]).then((results) => {
  console.log('flags', results.join(','));
});
