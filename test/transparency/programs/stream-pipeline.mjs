// stream.pipeline and stream.finished, callback and promise forms: what they are, what they do with
// errors, options and transform functions, and in which order their callbacks run.
import stream, { PassThrough, Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import util from 'node:util';

console.log(stream.pipeline.name, stream.pipeline.length, stream.finished.name, stream.finished.length, pipeline.name, finished.name);
console.log(util.promisify(stream.pipeline) === pipeline, util.promisify(stream.finished) === finished, stream.promises.pipeline === pipeline);
console.log(String(stream.pipeline).split('\n')[0], Object.keys(stream.pipeline), Object.getOwnPropertySymbols(stream.pipeline).length);

const log = [];
const collect = () => new Writable({ write(chunk, enc, cb) { log.push(`w ${chunk}`); cb(); } });
await pipeline(Readable.from(['a', 'b']), async function* (src) { for await (const c of src) yield String(c).toUpperCase(); }, collect());
console.log(log.join(','));

const r = Readable.from(['x']);
r.on('end', () => log.push('r end'));
const back = stream.pipeline([r, new PassThrough(), collect()], (err) => {
  log.push(`cb ${err}`);
  console.log(log.join(','), typeof back);
});
await new Promise((resolve) => setImmediate(resolve));

const failing = new Readable({ read() { this.destroy(new Error('source broke')); } });
try {
  await pipeline(failing, collect());
} catch (e) {
  console.log('rejected', e.message);
}
const ac = new AbortController();
const slow = new Readable({ read() {} });
const aborted = pipeline(slow, collect(), { signal: ac.signal }).catch((e) => e.name);
ac.abort();
console.log(await aborted);

const p = new PassThrough();
const cleanup = stream.finished(p, { readable: false }, function (err) {
  console.log('finished cb', err ?? null, this === p);
});
p.end('z');
await finished(p, { readable: false });
console.log(typeof cleanup, p.listenerCount('finish') >= 0);
try {
  stream.pipeline(Readable.from(['q']));
} catch (e) {
  console.log(e.code);
}
