// expect: race
// Two exports of one report run at once, each streaming a file through gzip with pipeline(); each
// reads the report's byte total before its pipeline and stores it plus its own size after. Waiting for
// a pipeline orders only its own streams: the other export's store can land in between, and one
// export's bytes are lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-total-'));
const file = path.join(dir, 'export.txt');
fs.writeFileSync(file, 'row\n'.repeat(25000));

async function exportPart(report, level) {
  const before = report.bytes; // race
  let size = 0;
  const gz = zlib.createGzip({ level });
  await pipeline(fs.createReadStream(file), gz, new Writable({ write(chunk, enc, cb) { size += chunk.length; cb(); } }));
  report.bytes = before + size; // race
}

const report = { bytes: 0 };
await Promise.all([exportPart(report, 1), exportPart(report, 9)]);
fs.rmSync(dir, { recursive: true });
console.log('exported', report.bytes > 0);
