// CommonJS TypeScript (.cts): import = require, export =, namespaces and enums, classes with parameter properties.
import path = require('node:path');
import util = require('node:util');
enum Direction { Up = 1, Down, Left, Right }
namespace Registry {
  const entries = new Map<string, number>();
  export function add(name: string): number { entries.set(name, entries.size + 1); return entries.size; }
  export function list(): string[] { return [...entries.keys()]; }
}
class Vec {
  constructor(public x: number, public y: number) {}
  add(o: Vec): Vec { return new Vec(this.x + o.x, this.y + o.y); }
  get length(): number { return Math.hypot(this.x, this.y); }
  [util.inspect.custom](): string { return `Vec(${this.x}, ${this.y})`; }
}
Registry.add('alpha');
Registry.add('beta');
const v = new Vec(3, 4).add(new Vec(1, 1));
console.log(Direction.Down, Direction[4], Registry.list(), util.inspect(v), v.length.toFixed(3));
console.log(path.isAbsolute(__filename), typeof module.exports, typeof require, this === module.exports);
const moved: Record<Direction, string> = { [Direction.Up]: 'u', [Direction.Down]: 'd', [Direction.Left]: 'l', [Direction.Right]: 'r' };
console.log(moved, Object.keys(Direction).length);
let total: number = 0;
for (const d of [Direction.Up, Direction.Right]) total += d;
console.log(total);
export = { Vec, Direction, total };
