#!/usr/bin/env node
// A hashbang line in an ES module; the preamble must not break it or move lines and columns.
const lines = [];
const where = (e) => e.stack.split('\n')[1].trim().replace(/^at .*?\(?(?:file:\/\/)?\/[^)]*\/([^/)]+)\)?$/, '$1');
function thrower() { throw new TypeError('from hashbang module'); }
try { thrower(); } catch (e) { lines.push(`${e.constructor.name} ${e.message} ${where(e)}`); }
const obj = { a: { b: [1, 2, 3] } };
lines.push(obj.a.b.length, obj.a.b.map((x) => x * 2).join(','));
let later = 'initial';
later = await Promise.resolve('after top-level await');
lines.push(later);
try { obj.a.missing.deeper; } catch (e) { lines.push(`${e.message} ${where(e)}`); }
const counter = { n: 0 };
for (const x of obj.a.b) counter.n += x;
lines.push(`sum ${counter.n}`);
class First { static line = new Error('static field').stack.split('\n')[1].trim().replace(/^.*\//, '').replace(')', ''); }
lines.push(First.line);
const url = new URL(import.meta.url);
lines.push(url.protocol, url.pathname.endsWith('/hashbang.mjs'));
console.log(lines.join('\n'));
