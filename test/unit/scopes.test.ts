// Which binding an identifier names, as the instrumenter sees it (eslint-scope over acorn's tree).
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';

function instrumented(source: string): string {
  return instrument({ code: source, file: 'file:///t.mjs', module: true }).code;
}

describe('scopes', () => {
  it("reads the outer binding in a parameter's default, not the function's own variable of that name", () => {
    // eslint-scope tells the two apart by the nodes' ranges, which the parser no longer stores.
    const out = instrumented('let x = 1;\nexport function bump() { x = 2; }\nexport function f(a = x) { var x = 5; return a + x; }\n');
    const f = out.slice(out.indexOf('function f('));
    const params = f.slice(0, f.indexOf('{'));
    const body = f.slice(f.indexOf('{'));
    // The default reads the module binding through its cell; the body's `x` is a plain local.
    expect(params).toMatch(/__rd\$\.rb\(x, __rdv\$\d+, __rdS\+\d+\)/);
    expect(body).not.toMatch(/__rdv\$/);
  });

  it('makes the cell of a `let` in a loop body at the start of the body, once per iteration', () => {
    const out = instrumented('const fs = [];\nwhile (fs.length < 2) { let n = 0; fs.push(() => { n++; }); }\n');
    expect(out.slice(out.indexOf('while ('))).toMatch(/^while \(.*\) \{const __rdv\$\d+ = __rd\$\.v\("variable n", __rdS\+\d+\); let n = 0;/);
    // Not among the module's cells, made once.
    expect(out.slice(0, out.indexOf('\n'))).not.toMatch(/__rd\$\.v\(/);
  });

  it("makes the cell of a for loop's `let` in its head and again in its update: the next iteration's copy", () => {
    const out = instrumented('const fs = [];\nfor (let i = 0; i < 2; i++) fs.push(() => { i = 5; });\n');
    const head = out.slice(out.indexOf('for ('), out.indexOf(' __rd$.m(fs'));
    const made = head.match(/__rdv\$\d+ = __rd\$\.v\("variable i", __rdS\+\d+\)/g);
    expect(made).toHaveLength(2);
    expect(head.indexOf(made![0])).toBeLessThan(head.indexOf(';'));
    expect(head.lastIndexOf(made![1])).toBeGreaterThan(head.lastIndexOf(';'));
  });

  it('keeps a cell per call for a `let` in a block that runs once per call', () => {
    const out = instrumented('export function f() { if (true) { let n = 0; return () => { n++; }; } }\n');
    expect(out).toMatch(/function f\(\) \{\/\*[^*]*\*\/var __rdv\$\d+ = __rd\$\.v\("variable n"/);
  });
});

