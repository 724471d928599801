// expect: race
// A producer and a consumer step on immediates, each queueing its own next
// step, but each chain is started by its own timer, of different delays:
// which chain's steps come first depends on when the timers fire, and so
// does the frame the consumer shows.
const board = { frame: 0 };
const shown = [];

function produce(n) {
  board.frame = n; // race
  if (n < 5) setImmediate(() => produce(n + 1));
}

function consume(n) {
  shown.push(board.frame); // race
  if (n < 5) setImmediate(() => consume(n + 1));
  else console.log(shown.length);
}

setTimeout(() => produce(1), 1);
setTimeout(() => consume(1), 2);
