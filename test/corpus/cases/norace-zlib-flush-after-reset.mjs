// expect: none
// A checkpointing compressor: the main flow reads the checkpoint, waits for a reset that writes it,
// then flushes the stream; the flush callback records the new checkpoint. The flush is asked for
// after the reset, so its callback comes after the reset's write.
import zlib from 'node:zlib';

const state = { checkpoint: 'none' };
console.log('resume from', state.checkpoint);
const gz = zlib.createGzip();

async function reset() {
  await null;
  state.checkpoint = 'reset';
}

await reset();
await new Promise((resolve) =>
  gz.flush(() => {
    state.checkpoint = 'flushed';
    resolve();
  }),
);
console.log(state.checkpoint);
