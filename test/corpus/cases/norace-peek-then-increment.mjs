// expect: none
// A stats page peeks at a hit counter for its log line, awaits the render, and then counts its own hit
// with m.set(k, m.get(k) + 1): the increment re-reads the counter in the same synchronous step, so it
// loses nothing, even though another request counts hits meanwhile.
const hits = new Map([['/stats', 0]]);
const log = [];

async function render() {
  await null;
}

async function statsPage() {
  log.push(`before: ${hits.get('/stats')}`);
  await render();
  hits.set('/stats', hits.get('/stats') + 1);
}

async function otherRequest() {
  await null;
  hits.set('/stats', hits.get('/stats') + 1);
}

await Promise.all([statsPage(), otherRequest()]);
console.log(log.join(';'), hits.get('/stats'));
