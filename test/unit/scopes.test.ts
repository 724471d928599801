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
});
