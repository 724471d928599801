// expect: race
// An asset pipeline sums the compressed sizes: each asset reads the running total, gzips its body
// and stores total + its size from zlib's callback. Two assets at once: one size is lost.
import zlib from 'node:zlib';

const totals = { gzipBytes: 0 };

function compress(name, body) {
  return new Promise((resolve) => {
    const sum = totals.gzipBytes; // race
    zlib.gzip(body, (err, out) => {
      totals.gzipBytes = sum + out.length; // race
      resolve(name);
    });
  });
}

const names = await Promise.all([compress('app.js', 'x'.repeat(500)), compress('app.css', 'y'.repeat(80))]);
console.log('compressed', names.join(','));
