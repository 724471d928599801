// `using` and `await using` (Node 20 cannot parse them: the transpiler lowers them, as tsc does), and a
// parameter property declared before the class's other fields (tsc's order of own keys).
function resource(name: string, log: string[]) {
  return {
    [Symbol.dispose]() {
      log.push(`dispose ${name}`);
    },
  };
}
function asyncResource(name: string, log: string[]) {
  return {
    async [Symbol.asyncDispose]() {
      await null;
      log.push(`async dispose ${name}`);
    },
  };
}

const log: string[] = [];
{
  using a = resource('a', log);
  using b = resource('b', log);
  log.push('body');
}
async function run(): Promise<void> {
  await using c = asyncResource('c', log);
  log.push('async body');
}
await run();
try {
  using d = resource('d', log);
  throw new Error('thrown in scope');
} catch (e) {
  log.push((e as Error).message);
}
console.log(log.join(', '));

class Point {
  z = 0;
  constructor(public x: number, private y: number) {}
  sum(): number {
    return this.x + this.y + this.z;
  }
}
const p = new Point(1, 2);
console.log(Object.keys(p).join(','), JSON.stringify(p), p.sum());
