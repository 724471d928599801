// expect: race
// As norace-child-output-after-close.mjs, but each chunk is stored from a timer the 'data' listener
// sets: 'close' orders the listener, not the timer, and the test's wait after 'close' is only long
// enough in practice (time is no synchronisation).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

let output = '';
const child = spawn(process.execPath, ['-e', 'console.log("hello")'], { env: {} });
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  setTimeout(() => {
    output += chunk; // race
  }, 5);
});
await once(child, 'close');
await sleep(100);
console.log(JSON.stringify(output.trim())); // race
