// expect: none
// Each retry job keeps its attempt count in a `let` declared in the loop that makes the jobs (in its
// body, and in a `for (let ...)` head): every iteration has a binding of its own, so the jobs' read,
// await and write-back of `attempts` touch different variables, however their awaits interleave.
// Race twin: race-loop-let-per-iteration.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

const jobs = [];
for (const name of ['mail', 'sms']) {
  let attempts = 0;
  jobs.push(async () => {
    const seen = attempts;
    await sleep(name === 'mail' ? 2 : 1);
    attempts = seen + 1;
    return `${name}:${attempts}`;
  });
}
for (let slot = 0; slot < 2; slot++) {
  jobs.push(async () => {
    const at = slot;
    await sleep(1);
    slot = at + 10;
    return `slot:${slot}`;
  });
}
let n = 0;
while (n < 2) {
  let budget = ++n * 5;
  jobs.push(async () => {
    const left = budget;
    await sleep(1);
    budget = left - 1;
    return `budget:${budget}`;
  });
}
console.log((await Promise.all(jobs.map((job) => job()))).join(' '));
