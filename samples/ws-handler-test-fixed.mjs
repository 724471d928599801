// expect: none
// stdout: ws test passed: {"type":"joined","room":"lobby","history":2}
// The fixed twin of ws-handler-test.mjs: the test waits for the handler's own
// completion (its 'handled' event) instead of sleeping, so the handler's
// send() happens before the test reads the recorded messages.
import { EventEmitter, once } from 'node:events';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';

// --- the code under test -------------------------------------------------
async function loadHistory(room) {
  await readFile(new URL(import.meta.url)); // stands in for the room's log on disk
  return [`${room}: hello`, `${room}: welcome`];
}

function attachChatHandler(socket, sender) {
  socket.on('message', async (raw) => {
    const msg = JSON.parse(raw);
    const history = await loadHistory(msg.room);
    sender.send(JSON.stringify({ type: 'joined', room: msg.room, history: history.length }));
    socket.emit('handled', msg); // a hook for tests that want to wait
  });
}

// --- the test --------------------------------------------------------------
class FakeSender {
  sent = [];
  send(data) {
    this.sent.push(data);
  }
}

const socket = new EventEmitter();
const sender = new FakeSender();
attachChatHandler(socket, sender);

const handled = once(socket, 'handled'); // subscribe before sending
socket.emit('message', JSON.stringify({ type: 'join', room: 'lobby' }));
await handled; // FIX: wait for the handler itself, however long it takes
assert.equal(sender.sent.length, 1);
console.log('ws test passed:', sender.sent[0]);
