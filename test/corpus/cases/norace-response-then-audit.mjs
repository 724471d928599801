// expect: none
// A server answers a slow request from a timer: it ends the response, then
// an audit step queued right after records the answer. The client reads
// the response and then takes the audit log. The client can only see the
// response in a later event loop turn, after every reaction the server's
// turn queued, so the audit entry is always there.
import http from 'node:http';

const audit = { entries: [] };

const server = http.createServer((req, res) => {
  setTimeout(() => {
    res.end('ok');
    Promise.resolve().then(() => {
      audit.entries.push(req.url);
    });
  }, 5);
});

await new Promise((resolve) => server.listen(0, resolve));
const { port } = server.address();
const res = await fetch(`http://127.0.0.1:${port}/orders/7`);
const body = await res.text();
const entries = audit.entries;
audit.entries = [];
console.log(body, entries.join(','));
server.close();
