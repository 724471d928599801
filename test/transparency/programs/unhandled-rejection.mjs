// An unhandled promise rejection ends the program with exit code 1 after the current work drains.
const users = new Map([[1, { id: 1, name: 'first' }]]);
class NotFound extends Error {
  constructor(id) { super(`user ${id} does not exist`); this.name = 'NotFound'; this.id = id; }
}
async function fetchUser(id) {
  await new Promise((r) => setTimeout(r, 1));
  const user = users.get(id);
  if (!user) throw new NotFound(id);
  return user;
}
console.log(await fetchUser(1));
process.on('exit', (code) => console.log('exiting with', code));
const handled = fetchUser(3).catch((e) => `handled ${e.name} ${e.id}`);
console.log(await handled);
fetchUser(2).then((u) => console.log('never', u));
queueMicrotask(() => console.log('microtask still runs'));
setTimeout(() => console.log('timer after the rejection never runs'), 100);
console.log('sync end');
await null;
console.log('after await null');
