// expect: race
// The client reads a counter, sends a request whose handler updates that
// counter, but writes the counter back after its own short await, without
// waiting for the answer. Whether the handler's write lands before or after
// the client's is up to the network: one of the two updates can be lost.
import http from 'node:http';

const stats = { served: 0, seen: 0 };
const server = http.createServer((req, res) => {
  stats.served++; // race
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
  const before = stats.served; // race
  const answer = get();
  await null;
  stats.served = before + 1; // race
  stats.seen += Number(await answer);
}
agent.destroy();
server.close();
console.log("done", stats.seen > 0);
