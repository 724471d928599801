// expect: none
// Compression jobs: compress() checks that a job is queued, makes a gzip stream and starts a feeder
// that marks the job 'compressing' and writes its parts; the stream's 'end' marks it 'done'. Per job
// the check, the feeder's write, the stream's work and its 'end' each come after the one before:
// the engine's completions answer the writes that handed it the work, whichever flow made them.
import zlib from 'node:zlib';

async function feed(job, gz) {
  await null;
  job.status = 'compressing';
  for (const part of job.parts) gz.write(part);
  gz.end();
}

function compress(job) {
  if (job.status !== 'queued') return Promise.resolve(null);
  const gz = zlib.createGzip();
  const out = [];
  gz.on('data', (chunk) => out.push(chunk));
  const done = new Promise((resolve) => {
    gz.on('end', () => {
      job.status = 'done';
      resolve(Buffer.concat(out));
    });
  });
  feed(job, gz);
  return done;
}

const jobs = [
  { name: 'a', parts: ['alpha', 'beta'], status: 'queued' },
  { name: 'b', parts: ['gamma'], status: 'queued' },
  { name: 'c', parts: [], status: 'skipped' },
];
const outputs = await Promise.all(jobs.map(compress));
console.log(jobs.map((j) => `${j.name}:${j.status}`).join(' '));
console.log(outputs.map((b) => (b ? zlib.gunzipSync(b).toString() : '-')).join('|'));
