// expect: race
// A build script runs its compile steps with child_process.execFile and counts finished steps: the
// count is read when a step starts and count + 1 stored when its child exits. Two steps at once both
// store 1. The callback continues the step that spawned the child.
const { execFile } = require('node:child_process');

const progress = { compiled: 0 };

function compile(file) {
  return new Promise((resolve, reject) => {
    const before = progress.compiled; // race
    execFile(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(file)})`], (err, stdout) => {
      if (err) return reject(err);
      progress.compiled = before + 1; // race
      resolve(stdout);
    });
  });
}

Promise.all([compile('a.js'), compile('b.js')]).then((outs) => console.log('compiled', outs.join(',')));
