// expect: race
// Three mirrors are asked for the same file, and the first answer is meant to
// win. But each request checks the module-level `winner` before it awaits its
// mirror and stores its answer after: every request passes the check, and each
// answer overwrites the one before it.
import { setTimeout as sleep } from 'node:timers/promises';

let winner;

async function ask(mirror, ms) {
  if (!winner) { // race
    const body = await sleep(ms, `${mirror}:body`);
    winner = body; // race
  }
}

await Promise.all([ask('eu', 3), ask('us', 1), ask('asia', 6)]);
console.log('answered', winner !== undefined);
