// expect: none
// Start-up code loads defaults from process.nextTick and queueMicrotask and
// starts the server from setImmediate and setTimeout(0) callbacks queued in
// the same segment: Node runs nextTicks and microtasks first, so the reads
// always see the defaults. Both callbacks are joined before the log is read.
const boot = { settings: null, plugins: null, log: [] };

process.nextTick(() => {
  boot.settings = { port: 3000, host: '127.0.0.1' };
});
queueMicrotask(() => {
  boot.plugins = ['cors', 'gzip'];
});

const listening = new Promise((resolve) => {
  setImmediate(() => {
    boot.log.push(`listen ${boot.settings.host}:${boot.settings.port}`);
    resolve();
  });
});
const loaded = new Promise((resolve) => {
  setTimeout(() => {
    boot.log.push(`plugins ${boot.plugins.length}`);
    resolve();
  }, 0);
});

await Promise.all([listening, loaded]);
console.log('started', boot.log.length, boot.settings.port, boot.plugins.join('+'));
