// expect: none
// The callback-style upload accounting of race-callback-continuation-counter.cjs, but the second
// upload starts from the first one's callback: each remembered total is read after the previous
// upload stored its own, so no addition is lost.
const fs = require('fs');
const os = require('os');
const path = require('path');

const audit = path.join(os.tmpdir(), `upload-audit-serial-${process.pid}.log`);
let bytesUploaded = 0;

function upload(file, done) {
  fs.stat(file, (err, st) => {
    if (err) return done(err);
    const before = bytesUploaded;
    fs.appendFile(audit, `${path.basename(file)} ${st.size}\n`, (err2) => {
      if (err2) return done(err2);
      bytesUploaded = before + st.size;
      done(null);
    });
  });
}

upload(__filename, () => {
  upload(__filename, () => {
    fs.unlink(audit, () => console.log('uploads done', bytesUploaded > 0));
  });
});
