// expect: race
// As norace-same-turn-values.mjs, but the read comes a hop too late: the callee reads the status
// after its own await, in a later run from the event loop than its caller's write, and another
// timer may have changed it by then.
import { setTimeout as sleep } from 'node:timers/promises';

let status = 'idle';
const log = [];
async function report(tag) {
  await null;
  log.push(`${tag}:${status}`); // race
}
setTimeout(() => {
  status = 'busy';
  report('a');
  status = 'idle';
}, 1);
setTimeout(() => {
  status = 'done'; // race
}, 20);

await sleep(30);
console.log(log.join(','), status);
