// expect: none
// Two setImmediate callbacks queued together. The first is async: its await
// continues in a microtask, and Node drains the microtask queue before it runs
// the next immediate, so the second always sees the loaded config.
const state = { config: null };

async function load() {
  return { retries: 3 };
}

setImmediate(async () => {
  const config = await load();
  state.config = config;
});
setImmediate(() => {
  console.log('retries', state.config.retries);
});
