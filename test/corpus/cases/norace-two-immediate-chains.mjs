// expect: none
// A producer and a consumer step together on immediates, each queueing its
// own next step, both started in one synchronous stretch: the producer's
// step n publishes frame n, and the consumer's step n shows the frame it
// finds. Node has one immediate queue, so the producer's step n always
// runs just before the consumer's: every frame shown is the one just made.
const board = { frame: 0 };
const shown = [];

function produce(n) {
  board.frame = n;
  if (n < 5) setImmediate(() => produce(n + 1));
}

function consume(n) {
  shown.push(board.frame);
  if (n < 5) setImmediate(() => consume(n + 1));
  else console.log(shown.join(' '));
}

board.frame = 0;
setImmediate(() => produce(1));
setImmediate(() => consume(1));
