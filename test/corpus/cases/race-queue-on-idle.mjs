// expect: race
// The same job queue, but each job also adds its size to a running total by reading it, awaiting the
// render and writing it back: two jobs run at once, so one can overwrite the other's addition.
// onIdle() orders the final read after the jobs, not the jobs among themselves.
import PQueue from 'p-queue';

const queue = new PQueue({ concurrency: 2 });
let totalBytes = 0;

async function render(name) {
  await new Promise((r) => setTimeout(r, name.length % 3));
  return name.length * 100;
}

for (const name of ['cat.png', 'dog.jpeg', 'fish.gif', 'owl.webp', 'ant.png']) {
  queue.add(async () => {
    const before = totalBytes; // race
    const size = await render(name);
    totalBytes = before + size; // race
  });
}
await queue.onIdle();
console.log('total', totalBytes > 0);
