// expect: none
// A server notes on each connection what its last request was, and its idle-timeout handler logs it.
// Node refreshes a socket's idle timer on every read, before the 'data' listeners run, so the timeout
// that fires comes after the last of them (the refresh sets the timer again, from that read).
// Race twin: race-socket-idle-timeout.mjs.
import net from 'node:net';

const server = net.createServer((socket) => {
  socket.setTimeout(60);
  socket.on('data', (chunk) => {
    socket.lastRequest = String(chunk);
  });
  socket.on('timeout', () => {
    console.log('idle after', socket.lastRequest);
    socket.destroy();
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    client.write('GET /status');
  });
  client.on('close', () => console.log('client closed'));
});
