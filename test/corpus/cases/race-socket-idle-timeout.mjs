// expect: race
// As norace-socket-idle-timeout.mjs, but the handler records the request from a timer of its own:
// the idle timeout comes after the read that refreshed it, not after that timer, and only the
// delays (5 ms against 60) put the note first.
import net from 'node:net';

const server = net.createServer((socket) => {
  socket.setTimeout(60);
  socket.on('data', (chunk) => {
    setTimeout(() => {
      socket.lastRequest = String(chunk); // race
    }, 5);
  });
  socket.on('timeout', () => {
    console.log('idle after', socket.lastRequest); // race
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
