// expect: none
// An export job: checks that the job is queued, streams a file through gzip into a sink with
// pipeline(), and marks it done once pipeline() has settled. The gzip stage's 'end' listener marks it
// compressed first: pipeline settles only after every stream in it has ended, whichever ended last.
// The callback form and finished() wait the same way, finished() also on a stream that closed before
// it was called (it resolves at once; the sleep after it makes the read a timed one, which the
// detector checks even outside strict mode).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import stream, { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-phase-'));
const file = path.join(dir, 'export.txt');
fs.writeFileSync(file, 'row\n'.repeat(25000));
const sink = () => new Writable({ write(chunk, enc, cb) { cb(); } });

async function exportJob(job) {
  if (job.phase !== 'queued') return;
  const gz = zlib.createGzip();
  gz.on('end', () => { job.phase = 'compressed'; });
  await pipeline(fs.createReadStream(file), gz, sink());
  job.phase = 'done';
}

function exportWithCallback(job) {
  return new Promise((resolve, reject) => {
    const gz = zlib.createGzip();
    gz.on('end', () => { job.phase = 'compressed'; });
    stream.pipeline(fs.createReadStream(file), gz, sink(), (err) => {
      if (err) return reject(err);
      job.phase = 'done';
      resolve();
    });
  });
}

async function compressAndWait(job) {
  const gz = zlib.createGzip();
  gz.on('end', () => { job.phase = 'compressed'; });
  gz.resume();
  gz.end('x'.repeat(50000));
  await finished(gz);
  job.phase = 'done';
}

async function readAfterClose(job) {
  const rs = fs.createReadStream(file);
  rs.on('data', () => { job.phase = 'reading'; });
  rs.on('close', () => { job.phase = 'read'; });
  await sleep(20);
  await finished(rs);
  await sleep(1);
  if (job.phase === 'read') job.phase = 'done';
}

const jobs = [{ phase: 'queued' }, { phase: 'queued' }, { phase: 'queued' }, { phase: 'queued' }];
await exportJob(jobs[0]);
await exportWithCallback(jobs[1]);
await compressAndWait(jobs[2]);
await readAfterClose(jobs[3]);
fs.rmSync(dir, { recursive: true });
console.log(jobs.map((j) => j.phase).join(' '));
