// expect: race
// A server answers a slow request from a timer: it ends the response, and
// records the answer in the audit log from an immediate. The client reads
// the response and then takes the audit log. The immediate and the
// client's read of the response are events of different sources: which
// one the event loop runs first is timing.
import http from 'node:http';

const audit = { entries: [] };

const server = http.createServer((req, res) => {
  setTimeout(() => {
    res.end('ok');
    setImmediate(() => {
      audit.entries.push(req.url); // race
    });
  }, 5);
});

await new Promise((resolve) => server.listen(0, resolve));
const { port } = server.address();
const res = await fetch(`http://127.0.0.1:${port}/orders/7`);
const body = await res.text();
const entries = audit.entries; // race
audit.entries = []; // race
console.log(body, entries.length >= 0);
server.close();
