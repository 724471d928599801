// TypeScript as the loader transpiles it: what tsc would make of it, run on the oldest Node supported.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { transpileTypeScript } from '../../loader/transpile.js';

function run(source: string): unknown {
  const { code } = transpileTypeScript(source, '/t/x.ts', 'file:///t/x.ts', false);
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (module, exports) {${code}\n})`)(module, module.exports);
  return module.exports.result;
}

describe('transpileTypeScript', () => {
  it('declares parameter properties before the other fields, as tsc does (own key order, JSON)', () => {
    const result = run('class P { z = 0; constructor(public x: number, private y: number) {} }\nexport const result = JSON.stringify(new P(1, 2));');
    expect(result).toBe('{"x":1,"y":2,"z":0}');
  });

  it('lowers `using` declarations, which Node 20 cannot parse', () => {
    const source = 'const log: string[] = [];\n{ using r = { [Symbol.dispose]() { log.push("disposed"); } }; log.push("body"); }\nexport const result = log.join(",");';
    expect(transpileTypeScript(source, '/t/x.ts', 'file:///t/x.ts', false).code).not.toMatch(/\busing r\b/);
    expect(run(source)).toBe('body,disposed');
  });
});
