// expect: race
// As norace-loop-let-per-iteration.mjs, but the attempt count is declared once, before the loop: every
// job reads it, awaits and writes back its own stale copy, so one job's increment is lost.
import { setTimeout as sleep } from 'node:timers/promises';

const jobs = [];
let attempts = 0;
for (const name of ['mail', 'sms']) {
  jobs.push(async () => {
    const seen = attempts; // race
    await sleep(name === 'mail' ? 2 : 1);
    attempts = seen + 1; // race
    return `${name}:${attempts}`;
  });
}
console.log((await Promise.all(jobs.map((job) => job()))).join(' '), attempts);
