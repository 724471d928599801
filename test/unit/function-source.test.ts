// The marks that give instrumented functions back their source text (loader/function-source.ts,
// src/runtime/source-marks.ts): which functions get one, what range it names, and which mark a
// function's text answers to.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';
import { decodeOrigin, encodeOrigin, outermostMark, sourceMark } from '../../src/runtime/source-marks.js';

/** The code each mark of the instrumented `code` names, in the order the marks appear. */
function markedTexts(code: string, module = true): string[] {
  const out = instrument({ code, file: 'file:///marks.mjs', module }).code;
  return [...out.matchAll(/\/\*rd\$[0-9a-z]+:[0-9a-z]+:[0-9a-z]+\*\//g)].map((m) => {
    const mark = outermostMark(m[0])!;
    return code.slice(mark.start, mark.end);
  });
}

describe('marks', () => {
  it('go into the functions and classes instrumentation changed, naming the text V8 gives for them', () => {
    const code = [
      'const s = { n: 0 };',
      'function touched() { s.n++; }',
      'function untouched(a) { return a + 1; }',
      'class K {',
      '  static /* c */ async load() { await s.x; }',
      '  plain() { return 1; }',
      '  get n() { return s.n; }',
      '}',
      'const o = { async *gen() { yield s.n; }, f: function () { return 2; }, a: (k) => s[k] };',
    ].join('\n');
    const texts = markedTexts(code);
    expect(texts.sort()).toEqual(
      [
        'function touched() { s.n++; }',
        code.slice(code.indexOf('class K'), code.indexOf('}\nconst o') + 1),
        'async load() { await s.x; }',
        'get n() { return s.n; }',
        'async *gen() { yield s.n; }',
        '(k) => s[k]',
      ].sort(),
    );
  });

  it('leave a file without changed functions without an origin', () => {
    const out = instrument({ code: 'function f(a) { return a * 2; }\nexport const g = () => 1;', file: 'file:///none.mjs', module: true });
    expect(out.origin).toBe('');
    expect(out.code).not.toContain('/*rd$');
  });

  it('name the file they come from with an origin the runtime decodes', () => {
    const out = instrument({ code: 'const s = {};\nexport function f() { return s.x; }', file: 'file:///origin.mjs', module: true, typescript: true, onDisk: false });
    const o = decodeOrigin(out.origin)!;
    expect(o).toMatchObject({ module: true, typescript: true, onDisk: false });
    expect(out.code).toContain(`/*rd$${o.tag}:`);
    expect(out.code).toContain(`"${out.origin}")`);
    expect(decodeOrigin(encodeOrigin({ ...o, module: false, typescript: false, onDisk: false }))).toEqual({ ...o, module: false, typescript: false, onDisk: false });
    expect(decodeOrigin('nonsense')).toBeNull();
  });
});

describe('outermostMark', () => {
  it('picks the widest mark: the function itself, not those nested in it or in its parameters', () => {
    // A comment in the parameters may spell an arrow: the mark goes right before the body.
    expect(markedTexts('const s = {};\nexport const f = (a /* a => b */) => s[a];')).toEqual(['(a /* a => b */) => s[a]']);
    const text = `(cb = () => {${sourceMark('t1', 14, 20)}}) => {${sourceMark('t1', 0, 60)} return () => {${sourceMark('t1', 40, 55)}} }`;
    expect(outermostMark(text)).toEqual({ tag: 't1', start: 0, end: 60 });
    expect(outermostMark('function f() {}')).toBeNull();
  });
});
