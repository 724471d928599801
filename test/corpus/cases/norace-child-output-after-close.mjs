// expect: none
// A CLI test collects a child's output from its 'data' events and its exit code from 'exit', then
// checks both after `await once(child, 'close')` and one more turn. Node emits a child's 'close' only
// once the child has exited and all its stdio streams have closed, so every 'data' and 'exit' listener
// ran before, whichever of them came last.
// Race twin: race-child-output-after-close.mjs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';

let output = '';
let errors = '';
let exitCode = null;
const child = spawn(process.execPath, ['-e', 'console.log("hello"); console.error("warn"); console.log("bye")'], { env: {} });
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  output += chunk;
});
child.stderr.setEncoding('utf8').on('data', (chunk) => {
  errors += chunk;
});
child.on('exit', (code) => {
  exitCode = code;
});
await once(child, 'close');
await nextTurn();
console.log(JSON.stringify(output), JSON.stringify(errors), exitCode);
