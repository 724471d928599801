// expect: none
// The same build script counting in the exit callback itself: each callback adds one to the count
// as it finds it, in one synchronous stretch.
const { execFile } = require('node:child_process');

const progress = { compiled: 0 };

function compile(file) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(file)})`], (err, stdout) => {
      if (err) return reject(err);
      progress.compiled += 1;
      resolve(stdout);
    });
  });
}

Promise.all([compile('a.js'), compile('b.js')]).then((outs) => console.log('compiled', outs.join(','), progress.compiled));
