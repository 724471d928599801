// expect: race
// The same loader, but the parse and the status check are scheduled from the main module, outside any
// I/O callback: there a setTimeout(0) and a setImmediate run in either order (the timer's 1 ms may or
// may not have passed when the loop first looks at its timers), and the check's view of the state is
// timing.
const config = { state: 'reading' };
const seen = [];
setTimeout(() => {
  seen.push(config.state); // race
}, 0);
setImmediate(() => {
  config.state = 'parsed'; // race
});
setTimeout(() => console.log('checked', seen.length), 5);
