// expect: none
// A client reads a counter, sends a request whose handler updates that counter
// before it answers, and writes the counter after reading the answer. The
// handler's write comes after the client's read (the request carries it) and
// before the client's write (the answer carries it back): the client waited for
// it, so nothing is lost. Keep-alive, so later requests reuse the socket.
import http from 'node:http';

const stats = { served: 0, seen: 0 };
const server = http.createServer((req, res) => {
  stats.served++;
  res.end(String(stats.served));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get() {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/', agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

for (let i = 0; i < 3; i++) {
  const before = stats.served;
  const body = await get();
  stats.served = before + 1;
  stats.seen += Number(body);
}
agent.destroy();
server.close();
console.log('served', stats.served, 'seen', stats.seen);
