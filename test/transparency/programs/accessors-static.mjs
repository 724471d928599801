// Getters/setters, static fields and blocks, field initialisation order, enumeration order.
const log = [];
class Temperature {
  static #made = 0;
  static units = ['C', 'F'];
  static defaultUnit = Temperature.units[0];
  static registry;
  static {
    Temperature.registry = new Set();
    log.push(`static block sees ${Temperature.defaultUnit}`);
  }
  celsius = (log.push('field celsius'), 0);
  label = `t${++Temperature.#made}`;
  constructor(c) {
    log.push(`ctor ${this.label}`);
    this.celsius = c;
    Temperature.registry.add(this.label);
  }
  get fahrenheit() { return this.celsius * 9 / 5 + 32; }
  set fahrenheit(f) { this.celsius = Math.round((f - 32) * 5 / 9 * 100) / 100; }
  static get count() { return Temperature.#made; }
}
const t = new Temperature(100);
console.log(t.fahrenheit);
t.fahrenheit = 50;
console.log(t.celsius, t.fahrenheit, Temperature.count, [...Temperature.registry]);
t.fahrenheit += 18;
console.log(t.celsius);
console.log(log.join(' | '));
const desc = Object.getOwnPropertyDescriptor(Temperature.prototype, 'fahrenheit');
console.log(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable);
console.log(Object.keys(t), JSON.stringify(t), Object.getOwnPropertyNames(Temperature));
const obj = {
  _v: 1,
  get v() { log.length = 0; return this._v * 10; },
  set v(x) { this._v = x; },
  get [`dyn${1 + 1}`]() { return 'computed getter'; },
};
obj.v = 4;
console.log(obj.v, obj.dyn2, Object.keys(obj));
const onlyGetter = { get g() { return 1; } };
try { onlyGetter.g = 5; } catch (e) { console.log(e.constructor.name, e.message); }
class Base { static who() { return this.name; } static tag = 'base'; }
class Derived extends Base { static tag = Base.tag + '+derived'; }
console.log(Derived.who(), Derived.tag, Object.hasOwn(Derived, 'who'));
