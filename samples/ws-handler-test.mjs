// expect: race
// stdout: ws test passed: {"type":"joined","room":"lobby","history":2}
// A unit test of a websocket message handler. An EventEmitter stands in for the
// socket and a fake sender records what the handler sends. The handler's work
// is async (it loads the room's history from disk), and the test waits for it
// with a fixed sleep before checking the recorded messages: the check reads
// `sender.sent` at a time chosen by a timer, not after the handler finished.
// Fixed twin: ws-handler-test-fixed.mjs.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

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
    this.sent.push(data); // race
  }
}

const socket = new EventEmitter();
const sender = new FakeSender();
attachChatHandler(socket, sender);

socket.emit('message', JSON.stringify({ type: 'join', room: 'lobby' }));
await sleep(100); // BUG: "long enough" for the handler, on this machine
assert.equal(sender.sent.length, 1); // race
console.log('ws test passed:', sender.sent[0]); // race
