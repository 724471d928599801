// expect: race
// The same stats page, but it counts its hit from the value it peeked before the await: a hit counted
// by another request meanwhile is overwritten.
const hits = new Map([['/stats', 0]]);
const log = [];

async function render() {
  await null;
}

async function statsPage() {
  const before = hits.get('/stats'); // race
  log.push(`before: ${before}`);
  await render();
  hits.set('/stats', before + 1); // race
}

async function otherRequest() {
  await null;
  hits.set('/stats', hits.get('/stats') + 1);
}

await Promise.all([statsPage(), otherRequest()]);
console.log(log.join(';'), hits.get('/stats'));
