// expect: race
// The checkpointing compressor with the reset started but not awaited: the flush callback stores
// the checkpoint computed from the one read before, and the reset's write can land in between.
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';

const state = { checkpoint: 0 };
const seen = state.checkpoint; // race
const gz = zlib.createGzip();

async function reset() {
  await sleep(1);
  state.checkpoint = -1; // race
}

const resetting = reset();
await new Promise((resolve) =>
  gz.flush(() => {
    state.checkpoint = seen + 1; // race
    resolve();
  }),
);
await resetting;
console.log('flushed');
