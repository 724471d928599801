// esbuild ends CommonJS output with `0 && (module.exports = { ... })` for Node's cjs-module-lexer,
// which reads an imported CommonJS file's export names from its text: the instrumenter leaves that
// line as written, or an ES module importing the file by name finds no such export.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';

describe('the CommonJS export annotation', () => {
  it('is left as written, while the same assignment outside it is recorded', () => {
    const annotation = '0 && (module.exports = {\n  twice,\n  x\n});';
    const code = `let x = 1;\nfunction twice(n) { return n * 2; }\nmodule.exports = { twice, x };\n${annotation}\n`;
    const out = instrument({ code, file: 'file:///lib.cjs', module: false }).code;
    expect(out).toContain(`\n${annotation}\n`);
    expect(out).toContain('__rd$.w(module, "exports"');
  });
});
