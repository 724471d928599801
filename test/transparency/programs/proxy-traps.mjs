// The program's own proxies: every trap logs what it sees, and the log is printed.
const log = [];
const fmt = (k) => (typeof k === 'symbol' ? k.toString() : String(k));
function traced(name, target) {
  return new Proxy(target, {
    get(t, k, r) { log.push(`${name}.get ${fmt(k)}`); return Reflect.get(t, k, r); },
    set(t, k, v, r) { log.push(`${name}.set ${fmt(k)}=${typeof v === 'object' ? 'obj' : fmt(v)}`); return Reflect.set(t, k, v, r); },
    has(t, k) { log.push(`${name}.has ${fmt(k)}`); return Reflect.has(t, k); },
    deleteProperty(t, k) { log.push(`${name}.delete ${fmt(k)}`); return Reflect.deleteProperty(t, k); },
    ownKeys(t) { log.push(`${name}.ownKeys`); return Reflect.ownKeys(t); },
    getOwnPropertyDescriptor(t, k) { log.push(`${name}.gopd ${fmt(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
    defineProperty(t, k, d) { log.push(`${name}.define ${fmt(k)}`); return Reflect.defineProperty(t, k, d); },
    getPrototypeOf(t) { log.push(`${name}.getProto`); return Reflect.getPrototypeOf(t); },
    apply(t, self, args) { log.push(`${name}.apply ${args.length}`); return Reflect.apply(t, self, args); },
    construct(t, args, nt) { log.push(`${name}.construct ${args.length}`); return Reflect.construct(t, args, nt); },
  });
}
const flush = (label) => { console.log(label.padEnd(14), log.join(', ')); log.length = 0; };
const p = traced('p', { a: 1, nested: { b: 2 }, list: [1, 2] });
const key = 'a';
p.a; flush('read');
p.a = 5; flush('write');
p[key] += 2; flush('compound');
p.a++; flush('increment');
p.nested.b; flush('nested read');
p.c ??= 9; flush('??=');
p.c ||= 10; flush('||=');
'a' in p; flush('in');
delete p.c; flush('delete');
Object.keys(p); flush('Object.keys');
({ ...p }); flush('spread');
for (const k in p) void k; flush('for-in');
JSON.stringify(p); flush('JSON');
p.list.push(3); flush('push inner');
const { a, nested: { b } } = p; flush('destructure');
p?.a; flush('optional');
p instanceof Object; flush('instanceof');
Object.assign({}, p); flush('assign');
const arr = traced('arr', [10, 20, 30]);
arr.push(40); flush('arr.push');
arr.map((x) => x + 1); flush('arr.map');
arr.includes(20); flush('arr.includes');
[...arr]; flush('arr spread');
for (const v of arr) void v; flush('arr for-of');
arr.length = 1; flush('arr.length=');
arr.at(-1); flush('arr.at');
arr.join('-'); flush('arr.join');
const fn = traced('fn', function add(x, y) { return x + y; });
fn(1, 2); flush('call');
fn.call(null, 1, 2); flush('fn.call');
class Point { constructor(x) { this.x = x; } }
const P = traced('P', Point);
new P(1); flush('construct');
const m = traced('m', new Map([[1, 'one']]));
try { m.get(1); } catch (e) { log.push(`${e.constructor.name}: ${e.message}`); } flush('map.get');
const withGet = traced('g', { get(k) { return `got ${k}`; }, items: [] });
withGet.get('x'); flush('obj.get()');
withGet.items.push(1); flush('items.push');
console.log(a, b, p.a, Object.keys(p), JSON.stringify(p));
log.length = 0;
