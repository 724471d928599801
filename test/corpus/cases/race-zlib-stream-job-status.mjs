// expect: race
// Two uploads of one job each compress a part through a gzip stream of their own; the feeder reads
// the job's compressed byte count before writing, and the stream's 'end' stores that count plus its
// output. The two stores race: one part's bytes are lost.
import zlib from 'node:zlib';

async function feed(job, gz, part) {
  await null;
  const before = job.bytes; // race
  gz.on('end', () => {
    job.bytes = before + gz.bytesWritten; // race
  });
  gz.end(part);
}

function upload(job, part) {
  const gz = zlib.createGzip();
  const done = new Promise((resolve) => gz.on('close', resolve));
  gz.resume();
  feed(job, gz, part);
  return done;
}

const job = { name: 'a', bytes: 0 };
await Promise.all([upload(job, 'alpha'.repeat(50)), upload(job, 'beta'.repeat(20))]);
console.log('uploaded', job.name);
