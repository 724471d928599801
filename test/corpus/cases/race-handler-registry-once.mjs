// expect: race
// Plugins register their handlers when their timers fire, and a handler
// is loaded before it is stored. Both plugins see the name free, both
// load, and the later store replaces the earlier one's handler.
import { setTimeout as sleep } from 'node:timers/promises';

const handlers = {};

async function register(name, plugin) {
  if (handlers[name] === undefined) { // race
    await sleep(5);
    handlers[name] = plugin; // race
  }
}

setTimeout(() => register('export', 'csv-plugin'), 1);
setTimeout(() => register('export', 'pdf-plugin'), 2);
console.log('registering');
