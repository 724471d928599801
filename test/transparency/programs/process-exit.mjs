// process.exit(n) in the middle of pending async work: later output never appears, exit handlers still run.
const pending = [];
const state = { phase: 'init', ticks: 0 };
process.on('exit', (code) => console.log('exit handler', code, pending.length, state.phase, state.ticks));
process.on('beforeExit', () => console.log('beforeExit never fires with process.exit'));
for (let i = 0; i < 3; i++) {
  pending.push(new Promise((r) => setTimeout(() => { state.ticks++; console.log('timer', i); r(i); }, 5 + i * 40)));
}
const interval = setInterval(() => { state.ticks++; }, 1000);
async function drain() {
  state.phase = 'waiting';
  const first = await pending[0];
  state.phase = `got ${first}`;
  return first;
}
const first = await drain();
console.log('first timer done', first, state.phase);
if (pending.length === 3) {
  state.phase = 'exiting';
  process.exitCode = 9;
  process.exit(42);
}
clearInterval(interval);
console.log('not printed');
