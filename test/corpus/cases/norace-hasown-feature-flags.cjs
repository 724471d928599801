// expect: none
// CommonJS feature-flag client: the flag table is loaded once at start-up and
// evaluations run after it. `Object.hasOwn` and `hasOwnProperty` test the
// table; an unknown flag is recorded as disabled in the same synchronous step.
const { setImmediate: nextLoop } = require('node:timers/promises');

const flags = Object.create(null);

async function loadFlags() {
  await nextLoop();
  Object.assign(flags, { 'dark-mode': { enabled: true }, beta: { enabled: false } });
}

function isEnabled(name) {
  if (!Object.hasOwn(flags, name)) flags[name] = { enabled: false };
  return flags[name].enabled;
}

function known(table, name) {
  return Object.prototype.hasOwnProperty.call(table, name);
}

loadFlags().then(async () => {
  const results = await Promise.all(
    ['dark-mode', 'beta', 'dark-mode', 'new-ui'].map(async (name, i) => {
      await new Promise((resolve) => setTimeout(resolve, i));
      return isEnabled(name);
    }),
  );
  console.log('flags', results.join(','), known(flags, 'new-ui'));
});
