// expect: none
// The asset pipeline adding each size in zlib's callback: the read and the store are one stretch.
import zlib from 'node:zlib';

const totals = { gzipBytes: 0 };

function compress(name, body) {
  return new Promise((resolve) => {
    zlib.gzip(body, (err, out) => {
      totals.gzipBytes += out.length;
      resolve(name);
    });
  });
}

const names = await Promise.all([compress('app.js', 'x'.repeat(500)), compress('app.css', 'y'.repeat(80))]);
console.log('compressed', names.join(','), totals.gzipBytes > 0);
