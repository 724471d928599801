// An uncaught TypeError thrown from a callback in CommonJS: exit code 1, stdout up to the throw.
const queue = [
  { id: 1, payload: { size: 2 } },
  { id: 2, payload: { size: 5 } },
  { id: 3 },
  { id: 4, payload: { size: 1 } },
];
const processed = [];
function weigh(job) {
  const doubled = job.payload.size * 2;
  processed.push(job.id);
  return doubled;
}
console.log('first', weigh(queue[0]));
process.on('exit', (code) => console.log('exit code', code, 'processed', processed.join(',')));
process.on('beforeExit', () => console.log('beforeExit is not emitted after an uncaught exception'));
setTimeout(() => {
  console.log('in timer');
  queue.slice(1).forEach((job) => console.log('job', job.id, weigh(job)));
  console.log('unreachable');
}, 1);
setTimeout(() => console.log('second timer never runs'), 50);
