// expect: race
// Start-up code loads defaults in a setTimeout(0) callback and starts the
// server from a setImmediate callback that reads them. Node does not order a
// timer against an immediate queued from the main module: either can run first.
const boot = { settings: null, started: false };

setTimeout(() => {
  boot.settings = { port: 3000, host: '127.0.0.1' }; // race
}, 0);

setImmediate(() => {
  const settings = boot.settings ?? { port: 80, host: '0.0.0.0' }; // race
  boot.started = settings.port > 0;
  console.log('server started', boot.started);
});
