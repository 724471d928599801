// expect: none
// A thumbnail job queue (p-queue, concurrency 2): each job awaits its render and stores the result in
// a Map; the main flow awaits queue.onIdle() and then reads every result. The queue resolves onIdle
// only after all jobs have ended, in whichever job ended last: every job's write is ordered before
// the main flow's reads.
import PQueue from 'p-queue';

const queue = new PQueue({ concurrency: 2 });
const thumbnails = new Map();

async function render(name) {
  await new Promise((r) => setTimeout(r, name.length % 3));
  return `${name}@128px`;
}

for (const name of ['cat.png', 'dog.jpeg', 'fish.gif', 'owl.webp', 'ant.png']) {
  queue.add(async () => {
    thumbnails.set(name, await render(name));
  });
}
await queue.onIdle();
console.log([...thumbnails.keys()].sort().join(','), thumbnails.get('owl.webp'));
