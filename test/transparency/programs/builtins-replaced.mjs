// Built-ins replaced by the program's own (instrumented) code: statics the detector's access path
// consults (Array.isArray, Object.getPrototypeOf), the array iterator, process events seen through
// EventEmitter.prototype.emit, and the string and RegExp methods Function.prototype.toString needs.
// The replacements must run only for the program's calls, and never inside the detector, where their
// own computed accesses once changed which key a `row[key]` read.
import { EventEmitter } from 'node:events';
import { MessagePort } from 'node:worker_threads';

const calls = {};
const count = (name) => {
  calls[name] = (calls[name] ?? 0) + 1;
};
let counting = false;
const replace = (owner, name, label) => {
  const original = owner[name];
  owner[name] = function (...args) {
    if (counting) count(label);
    return Reflect.apply(original, this, args);
  };
  return () => (owner[name] = original);
};
const restore = [
  replace(Array, 'isArray', 'Array.isArray'),
  replace(Object, 'getPrototypeOf', 'Object.getPrototypeOf'),
  replace(Array.prototype, Symbol.iterator, 'Array[@@iterator]'),
  replace(RegExp.prototype, 'exec', 'RegExp.exec'),
  replace(String.prototype, 'startsWith', 'String.startsWith'),
  replace(String.prototype, 'slice', 'String.slice'),
  replace(String.prototype, 'charCodeAt', 'String.charCodeAt'),
];
const processEvents = [];
const emit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function (event, ...args) {
  if (this === process) processEvents[processEvents.length] = String(event);
  return Reflect.apply(emit, this, [event, ...args]);
};

const key = 'total';
async function load(n) {
  await null;
  const row = { total: n, rows: [n, n + 1] };
  return row[key] + row.rows[1];
}
function described(a, b) {
  return a + b;
}
counting = true;
const sums = await Promise.all([load(1), load(2), load(3)]);
await new Promise((resolve) => setTimeout(resolve, 1));
const text = String(described);
counting = false;
for (const undo of restore) undo();

console.log(sums.join(','), text);
console.log('process has own emit:', Object.hasOwn(process, 'emit'));
console.log('postMessage enumerable:', Object.keys(MessagePort.prototype).includes('postMessage'));
process.emit('custom');
process.on('exit', () => {
  EventEmitter.prototype.emit = emit;
  console.log('process events:', processEvents.join(','));
  console.log(Object.keys(calls).sort().map((k) => `${k} ${calls[k]}`).join('\n'));
});
