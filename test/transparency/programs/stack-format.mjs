// Raw stack frames as programs print them: err.stack.split('\n')[1] trimmed (the directory is elided).
const dir = new URL('.', import.meta.url);
const frame = (e, i = 1) => e.stack.split('\n')[i].trim().split(dir.href).join('<url>/').split(decodeURIComponent(dir.pathname)).join('<path>/');
function named() { throw new Error('named'); }
try { named(); } catch (e) { console.log(frame(e), '||', frame(e, 2)); }
const arrow = () => { throw new Error('arrow'); };
try { arrow(); } catch (e) { console.log(frame(e)); }
const obj = { method() { throw new Error('method'); }, get prop() { throw new Error('getter'); } };
try { obj.method(); } catch (e) { console.log(frame(e)); }
try { obj.prop; } catch (e) { console.log(frame(e)); }
class K { static s() { throw new Error('static'); } i() { throw new Error('instance'); } }
try { K.s(); } catch (e) { console.log(frame(e)); }
try { new K().i(); } catch (e) { console.log(frame(e)); }
function Ctor() {}
Ctor.prototype.work = function () { throw new Error('prototype assigned'); };
try { new Ctor().work(); } catch (e) { console.log(frame(e)); }
const handlers = {};
handlers.onEvent = function () { throw new Error('assigned to property'); };
try { handlers.onEvent(); } catch (e) { console.log(frame(e)); }
try { [1].forEach(function each() { throw new Error('in forEach'); }); } catch (e) { console.log(frame(e), '||', frame(e, 2)); }
try { null.x; } catch (e) { console.log(frame(e)); }
const e1 = new Error('top level');
console.log(frame(e1));
async function asyncFn() { await null; throw new Error('async'); }
try { await asyncFn(); } catch (e) { console.log(frame(e), '||', frame(e, 2)); }
setTimeout(function onTimeout() { try { throw new Error('timer'); } catch (e) { console.log(frame(e)); } }, 1);
