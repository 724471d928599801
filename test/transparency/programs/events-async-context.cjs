// EventEmitter semantics and AsyncLocalStorage propagation across awaits, timers and emitters.
const { EventEmitter, once } = require('node:events');
const { AsyncLocalStorage } = require('node:async_hooks');
const als = new AsyncLocalStorage();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class Queue extends EventEmitter {
  constructor() { super({ captureRejections: true }); this.items = []; }
  push(x) { this.items.push(x); this.emit('item', x, this.items.length); return this; }
}
const q = new Queue();
q.on('item', (x, n) => console.log('listener A', x, n));
q.prependListener('item', (x) => console.log('listener B (prepended)', x));
q.once('item', function (x) { console.log('once', x, this === q); });
q.push('first').push('second');
console.log(q.listenerCount('item'), q.eventNames(), q.rawListeners('item').length);
q.on('error', (e) => console.log('error event', e.message));
q.emit('error', new Error('emitted error'));
const bare = new EventEmitter();
try { bare.emit('error', new Error('unhandled error event')); } catch (e) { console.log('thrown', e.message); }
q.on('async', async (v) => { await null; throw new Error(`rejected listener ${v}`); });
q[Symbol.for('nodejs.rejection')] = (err, event) => console.log('captured rejection', err.message, event);
q.emit('async', 1);
async function handle(requestId) {
  return als.run({ requestId }, async () => {
    const seen = [als.getStore().requestId];
    await sleep(requestId);
    seen.push(als.getStore().requestId);
    await new Promise((r) => setImmediate(r));
    seen.push(als.getStore()?.requestId);
    const fromTimer = await new Promise((r) => setTimeout(() => r(als.getStore().requestId), 1));
    seen.push(fromTimer);
    const em = new EventEmitter();
    const got = once(em, 'done');
    setTimeout(() => em.emit('done', als.getStore().requestId), 1);
    seen.push((await got)[0]);
    return seen.join('>');
  });
}
(async () => {
  const results = await Promise.all([handle(3), handle(1), handle(2)]);
  console.log(results);
  console.log('outside', als.getStore());
  const ac = new AbortController();
  ac.signal.addEventListener('abort', () => console.log('aborted with', ac.signal.reason));
  ac.abort('stop');
  try { await once(new EventEmitter(), 'never', { signal: AbortSignal.abort() }); } catch (e) { console.log(e.name, e.code); }
  const target = new EventTarget();
  target.addEventListener('ping', (ev) => console.log('EventTarget', ev.type, ev instanceof Event), { once: true });
  target.dispatchEvent(new Event('ping'));
  target.dispatchEvent(new Event('ping'));
})();
