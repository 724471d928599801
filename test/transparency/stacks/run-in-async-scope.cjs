// AsyncResource#runInAsyncScope, which the detector wraps (node:test runs every test body through
// it, so do AsyncResource.bind and EventEmitterAsyncResource): an error made inside keeps the frames
// plain Node gives it, the caller's included, and none of racedetect's.
const { AsyncResource } = require('node:async_hooks');
const r = new AsyncResource('Example');
function inScope() {
  return new Error('in scope');
}
function caller() {
  return r.runInAsyncScope(inScope);
}
console.log(`--- run-in-async-scope\n${caller().stack}`);
const bound = AsyncResource.bind(function boundFn() {
  return new Error('bound');
});
console.log(`--- bound\n${bound().stack}`);
