// process.exitCode, beforeExit re-arming the loop, and exit handlers that try to schedule more work.
let rounds = 0;
const seen = [];
process.on('beforeExit', (code) => {
  console.log('beforeExit', code, rounds);
  if (rounds++ < 2) setTimeout(() => console.log('extra work', rounds), 1);
  else if (rounds === 3) { process.exitCode = 7; }
});
process.on('exit', (code) => {
  console.log('exit', code, process.exitCode, seen.join(','));
  setTimeout(() => console.log('never runs'), 0);
  Promise.resolve().then(() => console.log('microtask queued in an exit handler'));
});
process.on('exit', function second() { console.log('second exit handler', this === process); });
const results = [];
(async () => {
  for (const n of [1, 2, 3]) {
    await new Promise((r) => setImmediate(r));
    results.push(n * n);
    seen.push(`n${n}`);
  }
  console.log('results', results);
  process.exitCode = 3;
})();
