// The V8 CallSite API, as loggers and CLI libraries use it to name their caller (file, line, column, function).
const callerOf = (depth = 2) => {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, callsites) => callsites;
  const sites = new Error().stack;
  Error.prepareStackTrace = saved;
  const c = sites[depth];
  const file = (c.getFileName() ?? '?').split('/').pop();
  return `${c.getFunctionName() ?? '<top>'} ${c.getMethodName() ?? '-'} ${c.getTypeName() ?? '-'} ${file}:${c.getLineNumber()}:${c.getColumnNumber()} ${c.isToplevel()}`;
};
const log = (msg) => console.log(`[${callerOf(2)}] ${msg}`);
function logic(config) { log(`retries=${config.limits.retries}`); return config.limits.retries * 2; }
const config = { limits: { retries: 3 } };
logic(config);
const service = { start() { log('service start'); }, nested: { deep: { run() { log('deep run'); } } } };
service.start();
service.nested.deep.run();
function Legacy() {}
Legacy.prototype.handle = function () { log('prototype method'); };
new Legacy().handle();
const handlers = {};
handlers.onReady = function () { log('assigned handler'); };
handlers.onReady();
class Widget { render() { log('class method'); } static make() { log('static method'); return new Widget(); } }
Widget.make().render();
[1].forEach(() => log('inside forEach callback'));
log('top level');
const timer = setTimeout(function tick() { log('timer callback'); }, 1);
await new Promise((r) => setTimeout(r, 5));
async function job() { await null; log('after await'); }
await job();
let counter = 0;
const bump = () => { counter += 1; log(`bump ${counter}`); };
bump();
const saved = Error.prepareStackTrace;
Error.prepareStackTrace = (err, cs) => `${err.name}@${cs[0].getLineNumber()}:${cs[0].getColumnNumber()}`;
const fromObject = {};
Error.captureStackTrace(fromObject);
console.log(fromObject.stack, new TypeError('custom').stack, clearTimeout(timer));
Error.prepareStackTrace = saved;
