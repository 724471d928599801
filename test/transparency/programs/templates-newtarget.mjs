// Tagged templates (strings object identity, raw, member tags keep `this`), new.target, Reflect.construct.
const seenStrings = [];
function tag(strings, ...values) {
  seenStrings.push(strings);
  return strings.raw.map((s, i) => `${s}${i < values.length ? `[${typeof values[i]}:${values[i]}]` : ''}`).join('');
}
const fromSite = () => tag`a${1}b${'two'}\n`;
const r1 = fromSite(), r2 = fromSite();
console.log(r1, r1 === r2, seenStrings[0] === seenStrings[1], Object.isFrozen(seenStrings[0]), seenStrings[0].length, Array.isArray(seenStrings[0].raw));
console.log(tag`x${1}` === tag`x${1}`, seenStrings[2] === seenStrings[3]);
const html = {
  prefix: '<p>',
  render(strings, ...vals) { return this.prefix + strings.reduce((acc, s, i) => acc + s + (i < vals.length ? String(vals[i]).replace(/</g, '&lt;') : ''), ''); },
};
console.log(html.render`Hi ${'<b>you</b>'} x${3}`);
const nested = { lib: { html } };
console.log(nested.lib.html.render`deep ${'<i>'}`);
console.log(String.raw`C:\new\table${1 + 1}`, String.raw({ raw: ['x', 'y', 'z'] }, 1, 2, 3), `multi
line ${'template'}`);
const invalid = ((s) => [s[0], s.raw[0]])`\unicode`;
console.log(invalid);
function Shape(kind) {
  if (!new.target) return new Shape(`${kind}(auto-new)`);
  this.kind = kind;
  this.via = new.target.name;
}
console.log(Shape('circle'), new Shape('square'));
class Base {
  constructor() { this.created = new.target.name; this.isBase = new.target === Base; }
  static create() { return new this(); }
}
class Child extends Base {}
console.log(new Base(), new Child(), Child.create(), Base.create());
const viaReflect = Reflect.construct(Base, [], Child);
console.log(viaReflect.created, viaReflect instanceof Child, Object.getPrototypeOf(viaReflect) === Child.prototype);
function arrowInside() { const f = () => new.target; return f(); }
console.log(arrowInside() === undefined, new arrowInside() === undefined, typeof new arrowInside());
class Abstract { constructor() { if (new.target === Abstract) throw new TypeError('abstract!'); this.ok = true; } }
class Concrete extends Abstract {}
try { new Abstract(); } catch (e) { console.log(e.constructor.name, e.message); }
console.log(new Concrete().ok);
const counterTag = (() => { let calls = 0; return (s, ...v) => `${++calls}:${s.join('|')}:${v.join(',')}`; })();
console.log(counterTag`a${1}b`, counterTag``, counterTag`${'only'}`);
const objs = { greet: (s, n) => `${s[0]}${n.toUpperCase()}${s[1]}` };
console.log(objs.greet`hello ${'world'}!`, objs['greet']`bye ${'now'}.`);
try { new (() => {})(); } catch (e) { console.log(e.constructor.name, e.message); }
try { Base(); } catch (e) { console.log(e.constructor.name, e.message); }
