// TypeScript experimentalDecorators: class, method, accessor, property and parameter decorators; evaluation order.
const order: string[] = [];
function logClass(tag: string) {
  order.push(`factory class ${tag}`);
  return <T extends new (...args: any[]) => object>(ctor: T) => {
    order.push(`apply class ${tag} to ${ctor.name}`);
    return class extends ctor { decoratedBy = tag; };
  };
}
function logMethod(label: string) {
  order.push(`factory method ${label}`);
  return (target: object, key: string, desc: PropertyDescriptor) => {
    order.push(`apply method ${label} on ${key} static=${typeof target === 'function'}`);
    const original = desc.value as (...a: unknown[]) => unknown;
    desc.value = function (this: unknown, ...args: unknown[]) { order.push(`call ${key}(${args.join(',')})`); return original.apply(this, args); };
    return desc;
  };
}
function readonlyProp(target: object, key: string) { order.push(`apply property ${key}`); }
function param(target: object, key: string | undefined, index: number) { order.push(`apply param ${String(key)}#${index}`); }
function clamp(min: number, max: number) {
  return (target: object, key: string, desc: PropertyDescriptor) => {
    order.push(`apply accessor ${key}`);
    const set = desc.set!;
    desc.set = function (this: unknown, v: number) { set.call(this, Math.min(max, Math.max(min, v))); };
  };
}
@logClass('outer')
@logClass('inner')
class Service {
  @readonlyProp name = 'svc';
  static instances = 0;
  #level = 0;
  constructor(@param public id: number) { Service.instances++; }
  @logMethod('m1') @logMethod('m2')
  greet(who: string, @param punct = '!') { return `hello ${who}${punct} from ${this.name}#${this.id}`; }
  @clamp(0, 10)
  set level(v: number) { this.#level = v; }
  get level() { return this.#level; }
  @logMethod('static')
  static create(id: number) { return new Service(id); }
}
console.log(order.join('\n'));
order.length = 0;
const s = Service.create(7) as Service & { decoratedBy?: string };
console.log(s.greet('ann'), s.decoratedBy, Service.instances, s instanceof Service, s.constructor.name);
s.level = 50;
const high = s.level;
s.level = -3;
console.log(high, s.level, Object.keys(s), JSON.stringify(s));
console.log(order.join(' | '));
function memo(target: object, key: string, desc: PropertyDescriptor) {
  const fn = desc.value as (n: number) => number;
  const cache = new Map<number, number>();
  desc.value = function (this: unknown, n: number) { if (!cache.has(n)) cache.set(n, fn.call(this, n)); return cache.get(n)!; };
}
class MathBox { calls = 0; @memo fib(n: number): number { this.calls++; return n < 2 ? n : this.fib(n - 1) + this.fib(n - 2); } }
const mb = new MathBox();
console.log(mb.fib(30), mb.calls, mb.fib(30), mb.calls);
