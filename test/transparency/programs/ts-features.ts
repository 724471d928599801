// TypeScript: enums, const enums, namespaces, parameter properties, abstract classes, generics, satisfies.
enum Color { Red, Green = 5, Blue }
enum Status { Active = 'ACTIVE', Closed = 'CLOSED' }
const enum Flags { None = 0, Read = 1 << 0, Write = 1 << 1, All = Read | Write }
declare const process: { argv: string[] };
namespace Geometry {
  export const unit = 1;
  export interface Point { x: number; y: number }
  export function dist(a: Point, b: Point): number { return Math.hypot(a.x - b.x, a.y - b.y); }
  export namespace Shapes { export class Circle { constructor(public r: number) {} area() { return +(Math.PI * this.r ** 2).toFixed(2); } } }
}
namespace Geometry { export const merged = 'namespace merged'; }
abstract class Animal {
  protected constructor(public readonly name: string, private sound: string) {}
  abstract legs(): number;
  speak(): string { return `${this.name} says ${this.sound} on ${this.legs()} legs`; }
}
class Bird extends Animal {
  declare wingspan: number;
  constructor(name: string, public canFly = true) { super(name, 'tweet'); }
  legs() { return 2; }
}
class Stack<T> {
  private items: T[] = [];
  push(...xs: T[]): this { this.items.push(...xs); return this; }
  pop(): T | undefined { return this.items.pop(); }
  peek = (): T | undefined => this.items[this.items.length - 1];
  get size(): number { return this.items.length; }
  map<U>(fn: (t: T) => U): Stack<U> { return new Stack<U>().push(...this.items.map(fn)); }
}
function first<T extends { id: number }>(xs: readonly T[], pred?: (x: T) => boolean): T | undefined { return pred ? xs.find(pred) : xs[0]; }
type Config = { port: number; host: string; tags?: string[] };
const config = { port: 8080, host: 'localhost', tags: ['a'] } satisfies Config;
const asConst = { mode: 'dark', sizes: [1, 2] } as const;
function isString(x: unknown): x is string { return typeof x === 'string'; }
function overload(x: string): string;
function overload(x: number): number;
function overload(x: string | number): string | number { return typeof x === 'string' ? x.toUpperCase() : x * 2; }
console.log(Color.Red, Color.Green, Color.Blue, Color[6], Color[Color.Green], Object.keys(Color), Status.Closed, Object.values(Status));
console.log(Flags.All, (Flags.Read | Flags.Write) === Flags.All, Flags.Write & Flags.All ? 'can write' : 'cannot');
console.log(Geometry.dist({ x: 0, y: 0 }, { x: 3, y: 4 }), new Geometry.Shapes.Circle(2).area(), Geometry.merged, Geometry.unit, Object.keys(Geometry));
const b = new Bird('robin');
console.log(b.speak(), b.name, b.canFly, Object.keys(b), 'wingspan' in b, JSON.stringify(b), b instanceof Animal);
const s = new Stack<number>().push(1, 2, 3);
const labels = s.map((n) => `#${n}`);
console.log(s.pop(), s.peek(), s.size, labels.peek(), labels.size);
console.log(first([{ id: 7 }, { id: 9 }])?.id, first([{ id: 7 }, { id: 9 }], (x) => x.id > 8)?.id, first([] as { id: number }[]));
console.log(config.port, config.tags.length, asConst.mode, asConst.sizes.length, [1, 'a', null].filter(isString), overload('x'), overload(4));
let maybe: string | undefined;
const definite = maybe ?? 'fallback';
let late!: number;
late = definite.length;
console.log(definite, late, <number>(<unknown>'5') === ('5' as unknown), typeof process.argv);
class Point3 { constructor(private x = 0, protected y = 0, public z = 0, readonly w = 1) {} sum() { return this.x + this.y + this.z + this.w; } }
console.log(new Point3(1, 2, 3).sum(), Object.keys(new Point3()), JSON.stringify(new Point3(4)));
class WithAccessors { #v = 0; static count = 0; get value(): number { return this.#v; } set value(v: number) { this.#v = v; WithAccessors.count++; } }
const wa = new WithAccessors();
wa.value = 5; wa.value += 2;
console.log(wa.value, WithAccessors.count);
const tuple: [string, number, ...boolean[]] = ['t', 1, true, false];
const [tName, ...tRest] = tuple;
console.log(tName, tRest, Array.isArray(tuple));
