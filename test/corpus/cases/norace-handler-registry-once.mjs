// expect: none
// Plugins register their handlers when their timers fire; a name that is
// already taken keeps its first handler. The check and the store run in
// one synchronous step, so whichever plugin comes first wins, and either
// order leaves one handler per name.
const handlers = {};

function register(name, plugin) {
  if (handlers[name] === undefined) handlers[name] = plugin;
}

setTimeout(() => register('export', 'csv-plugin'), 3);
setTimeout(() => register('export', 'pdf-plugin'), 6);
setTimeout(() => register('import', 'csv-plugin'), 1);
console.log('registering');
