// Circular ES module imports: hoisted functions called before the cycle finishes, TDZ, live bindings.
import { describeA, bumpA, aCounter, aReady, Registry } from './lib/cycle-a.mjs';
import * as b from './lib/cycle-b.mjs';
console.log(b.early);
console.log(b.earlyBump);
console.log(b.earlyName);
console.log(await b.earlyAsync);
console.log(aReady, b.bCounter);
console.log(describeA());
console.log(aCounter, bumpA(), aCounter, bumpA(), aCounter);
console.log(Registry.add('x'), Registry.add('y'), Registry.items);
console.log(Object.keys(b), Object.prototype.toString.call(b), b[Symbol.toStringTag]);
try { b.bCounter = 5; } catch (e) { console.log(e.constructor.name, e.message); }
try { aCounter = 1; } catch (e) { console.log(e.constructor.name, e.message); }
try { b.newExport = 1; } catch (e) { console.log(e.constructor.name, e.message); }
try { delete b.bName; } catch (e) { console.log(e.constructor.name, e.message); }
console.log(Object.isFrozen(b), Object.isSealed(b), Object.getOwnPropertyDescriptor(b, 'bName'));
const again = await import('./lib/cycle-b.mjs');
console.log(again === b, again.describeB(0));
const { describeB } = again;
console.log(describeB(1), 'bName' in b, Reflect.has(b, 'nothing'));
