// console.log / util.inspect of promises and of objects holding them, as debugging output often shows them.
import util from 'node:util';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function load(id) { await sleep(1); return { id, name: `item${id}` }; }
const resolved = Promise.resolve({ ok: true });
const pending = load(1);
const rejected = Promise.reject(new RangeError('nope'));
rejected.catch(() => {});
const chained = resolved.then((v) => v.ok);
console.log(resolved);
console.log(pending);
console.log(util.inspect(rejected).split('\n')[0]);
console.log({ request: pending, cached: resolved });
console.log([Promise.resolve(1), Promise.resolve('two')]);
await pending;
await chained;
console.log(pending, chained);
console.log(util.inspect(Promise.all([resolved, pending])));
const thenable = { then(r) { r(5); } };
console.log(util.inspect(Promise.resolve(thenable)), util.inspect(thenable));
class Task extends Promise {}
const task = Task.resolve('sub');
console.log(task, util.inspect(task, { depth: 0 }));
const settled = await Promise.allSettled([load(2), Promise.reject(new Error('x'))]);
console.log(settled.map((s) => s.status), util.inspect(settled[0].value));
console.log(JSON.stringify({ p: resolved }), Object.keys(resolved), Object.getOwnPropertySymbols(pending).length, Reflect.ownKeys(task).length);
console.log(util.format('%o', Promise.resolve(3)).split('\n').length, util.inspect(new Promise(() => {}), { showHidden: true }).split('\n').length);
const asyncFn = async () => 1;
const p = asyncFn();
console.log(p, await p, util.types.isPromise(p), p instanceof Promise, Object.prototype.toString.call(p));
