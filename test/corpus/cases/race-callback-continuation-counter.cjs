// expect: race
// Callback-style upload accounting: each upload stats its file, remembers the bytes counted so far,
// then writes an audit line and, in that write's callback, stores the remembered total plus its
// own size. Two uploads run at once, so the second's store overwrites the first's addition.
const fs = require('fs');
const os = require('os');
const path = require('path');

const audit = path.join(os.tmpdir(), `upload-audit-${process.pid}.log`);
let bytesUploaded = 0;

function upload(file, done) {
  fs.stat(file, (err, st) => {
    if (err) return done(err);
    const before = bytesUploaded; // race
    fs.appendFile(audit, `${path.basename(file)} ${st.size}\n`, (err2) => {
      if (err2) return done(err2);
      bytesUploaded = before + st.size; // race
      done(null);
    });
  });
}

let left = 2;
const finished = () => {
  if (--left > 0) return;
  fs.unlink(audit, () => console.log('uploads done', bytesUploaded > 0));
};
upload(__filename, finished);
upload(__filename, finished);
