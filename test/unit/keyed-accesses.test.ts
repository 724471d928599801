// Properties reached without a member expression: key tests (`k in o`, Object.hasOwn, Reflect.has,
// hasOwnProperty), keyed built-ins that write (Object.assign, Reflect.set, Object.defineProperty),
// targets of destructuring assignments, and destructured parameters. How the instrumenter rewrites
// them, and what the entry points they call hand back. (What programs see is checked end to end by
// test/transparency/programs/key-tests*, keyed-writes.mjs and destructuring-targets.mjs.)
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';
import { api } from '../../src/runtime/access.js';
import { site } from './flows.js';

function out(source: string, module = true): string {
  const code = instrument({ code: source, file: 'file:///keyed.mjs', module }).code;
  // Without the preamble (the site table) and the function-source marks.
  return code.slice(code.indexOf(';', code.indexOf('__rd$.file(')) + 1).replace(/\/\*[^*]*\*\//g, '');
}

describe('key tests', () => {
  it('rewrites `k in o` as a call that gets both operands in their order and hands o back through k', () => {
    expect(out('export const f = (k, o) => k in o;')).toMatch(/=> __rd\$\.hi\(k , o, __rdS\+\d+\) in __rd\$\.k;/);
    // Parentheses and comments around the operands stay where they were.
    expect(out("export const f = (o) => ('a' /* in */) in (o);")).toMatch(/__rd\$\.hi\(\('a' \) , \(o\), __rdS\+\d+\) in __rd\$\.k/);
    expect(out('export const f = (k, o, p) => k in o in p;')).toMatch(/__rd\$\.hi\(__rd\$\.hi\(k , o, __rdS\+\d+\) in __rd\$\.k , p, __rdS\+\d+\) in __rd\$\.k/);
  });

  it('leaves a private brand check alone', () => {
    expect(out('export class A { #x; static is(o) { return #x in o; } }')).toContain('return #x in o;');
  });

  it('wraps only the key of Object.hasOwn, Reflect.has and hasOwnProperty when the object is a name', () => {
    expect(out('export const f = (o, k) => Object.hasOwn(o, k);')).toMatch(/Object\.hasOwn\(o, __rd\$\.hk\(k, o, __rdS\+\d+\)\)/);
    expect(out("export const f = (o) => Reflect.has(o, 'a');")).toMatch(/Reflect\.has\(o, __rd\$\.hk\('a', o, __rdS\+\d+\)\)/);
    // The call keeps its text: V8 writes "o.hasOwnProperty is not a function" from it.
    expect(out('export const f = (o, k) => o.hasOwnProperty(k);')).toMatch(/=> o\.hasOwnProperty\(__rd\$\.hk\(k, o, __rdS\+\d+\)\)/);
    expect(out('export const f = (o, k) => Object.prototype.hasOwnProperty.call(o, k);')).toMatch(/\.hasOwnProperty\.call\(o, __rd\$\.hk\(k, o, __rdS\+\d+\)\)/);
  });

  it('announces any other object and records the key test when the key is evaluated', () => {
    expect(out('export const f = (s, k) => Object.hasOwn(s.cache, k + 1);')).toMatch(/Object\.hasOwn\(__rd\$\.ca\(__rd\$\.r\(s, "cache", __rdS\+\d+\)\.cache, __rdS\+\d+\), __rd\$\.hz\(k \+ 1\)\)/);
    expect(out('export const f = (s, k) => s.cache.hasOwnProperty(k);')).toMatch(/__rd\$\.ca\(__rd\$\.r\(s, "cache", __rdS\+\d+\)\.cache, __rdS\+\d+\)\.hasOwnProperty\(__rd\$\.hz\(k\)\)/);
  });

  it('leaves calls alone on an Object or Reflect of the program, with spread or other arguments', () => {
    expect(out('const Object = { hasOwn() {} };\nexport const f = (o, k) => Object.hasOwn(o, k);')).toContain('Object.hasOwn(o, k)');
    expect(out('export const f = (a) => Object.hasOwn(...a);')).toContain('Object.hasOwn(...');
    expect(out('export const f = (o, k) => Reflect.has(o, k, 1);')).not.toMatch(/__rd\$\.h[kz]\(/);
  });
});

describe('keyed writes', () => {
  it('records Reflect.set and Object.defineProperty as writes once their last argument is evaluated', () => {
    expect(out('export const f = (o, k, v) => Reflect.set(o, k, v);')).toMatch(/Reflect\.set\(__rd\$\.ca\(o, __rdS\+\d+\), __rd\$\.cb\(k\), __rd\$\.sz\(v\)\)/);
    expect(out('export const f = (o, d) => Object.defineProperty(o, "x", d);')).toMatch(/Object\.defineProperty\(__rd\$\.ca\(o, __rdS\+\d+\), __rd\$\.cb\("x"\), __rd\$\.sz\(d\)\)/);
  });

  it('records Object.assign as writes of the target, with its sources kept until the last one', () => {
    expect(out('export const f = (t, a, b) => Object.assign(t, a, b);')).toMatch(/Object\.assign\(__rd\$\.ca\(t, __rdS\+\d+\), __rd\$\.cs\(a\), __rd\$\.az\(b\)\)/);
    // A literal source: its key set needs no recording.
    expect(out('export const f = (t, cart) => Object.assign(t, { cart });')).toMatch(/Object\.assign\(__rd\$\.ca\(t, __rdS\+\d+\), __rd\$\.az\(\{ cart \}, 1\)\)/);
    // A fresh target: only the sources are read (their keys and values, as a spread reads them).
    expect(out('export const f = (a) => Object.assign({}, a, { b: 1 });')).toMatch(/Object\.assign\(\{\}, __rd\$\.vr\(a, __rdS\+\d+, 0\), \{ b: 1 \}\)/);
    // No longer a read of the target's key set.
    expect(out('export const f = (t) => Object.assign(t, { a: 1 });')).not.toContain('__rd$.ir(t');
  });
});

describe('values read by built-ins', () => {
  it('records what an object spread copies, and leaves an array spread or a call spread an iteration', () => {
    expect(out('export const f = (s) => ({ ...s, at: 1 });')).toMatch(/\{ \.\.\.__rd\$\.vr\(s, __rdS\+\d+, 0\), at: 1 \}/);
    expect(out('export const f = (s) => [...s];')).toMatch(/\[\.\.\.__rd\$\.ir\(s, __rdS\+\d+\)\]/);
    expect(out('export const f = (g, s) => g(...s);')).toMatch(/\.\.\.__rd\$\.ir\(s, __rdS\+\d+\)/);
  });

  it('records what JSON.stringify and structuredClone copy, deeply, and what Object.values and entries read', () => {
    expect(out('export const f = (s) => JSON.stringify(s.state, null, 2);')).toMatch(/JSON\.stringify\(__rd\$\.vr\(__rd\$\.r\(s, "state", __rdS\+\d+\)\.state, __rdS\+\d+, 1\), null, 2\)/);
    expect(out('export const f = (s) => structuredClone(s);')).toMatch(/structuredClone\(__rd\$\.vr\(s, __rdS\+\d+, 1\)\)/);
    expect(out('export const f = (s) => Object.values(s);')).toMatch(/Object\.values\(__rd\$\.vr\(s, __rdS\+\d+, 0\)\)/);
    expect(out('export const f = (s) => Object.entries(s);')).toMatch(/Object\.entries\(__rd\$\.vr\(s, __rdS\+\d+, 0\)\)/);
    // Object.keys reads the key set only.
    expect(out('export const f = (s) => Object.keys(s);')).toMatch(/Object\.keys\(__rd\$\.ir\(s, __rdS\+\d+\)\)/);
  });

  it("leaves a program's own JSON or structuredClone, and spread arguments, alone", () => {
    expect(out('const JSON = { stringify: (x) => x };\nexport const f = (s) => JSON.stringify(s);')).toContain('JSON.stringify(s)');
    expect(out('function structuredClone(x) { return x; }\nexport const f = (s) => structuredClone(s);')).toContain('structuredClone(s)');
    expect(out('export const f = (a) => JSON.stringify(...a);')).not.toContain('__rd$.vr(');
  });
});

describe('destructuring', () => {
  it('records member targets of a destructuring assignment as writes, where the engine stores them', () => {
    const code = out('export async function f(auth, get) {\n  ({ refresh: auth.refresh, [auth.k]: auth.x = 1 } = await get());\n}');
    expect(code).toMatch(/\{ refresh: __rd\$\.w\(auth, "refresh", __rdS\+\d+\)\.refresh, \[__rd\$\.r\(auth, "k", __rdS\+\d+\)\.k\]: __rd\$\.w\(auth, "x", __rdS\+\d+\)\.x = 1 \}/);
    expect(out('export function f(a, i) {\n  [a.x, a[i], ...a.rest] = [1, 2];\n}')).toMatch(/\[__rd\$\.w\(a, "x", __rdS\+\d+\)\.x, __rd\$\.wk\(a, i, __rdS\+\d+\)\[__rd\$\.k\], \.\.\.__rd\$\.w\(a, "rest", __rdS\+\d+\)\.rest\]/);
    expect(out('export function f(o, xs) {\n  for (o.last of xs);\n}')).toMatch(/for \(__rd\$\.w\(o, "last", __rdS\+\d+\)\.last of /);
  });

  it('records tracked variables assigned by destructuring once the assignment is done', () => {
    const code = out('let a = 1, b = 2;\nexport function swap() {\n  [a, b] = [b, a];\n}');
    expect(code).toMatch(/__rd\$\.wb\(__rd\$\.wb\(\[a, b\] = .*, __rdv\$1, __rdS\+\d+\), __rdv\$0, __rdS\+\d+\);/);
    // A default that awaits splits the stores over two segments: left as it was.
    expect(out('let a;\nexport async function f(v) {\n  ({ a = await 1 } = v);\n}')).not.toContain('__rd$.wb(');
  });

  it('records the keys a function reads from a destructured argument, from `arguments`', () => {
    const code = out('export function render({ title, body: { text } }, [first], { ...rest } = {}) {\n  return title;\n}');
    expect(code).toMatch(/\{__rd\$\.dr\(arguments\[0\], \["title","body"\], false, __rdS\+\d+\);__rd\$\.ir\(arguments\[1\], __rdS\+\d+\);__rd\$\.dr\(arguments\[2\], \[\], true, __rdS\+\d+\);/);
    // In an async function, inside its context.
    expect(out('export async function f({ a }) {\n  await null;\n  return a;\n}')).toMatch(/try \{__rd\$\.dr\(arguments\[0\], \["a"\], false, __rdS\+\d+\);/);
    expect(out('export class C { m({ a }) { return a; } }')).toMatch(/m\(\{ a \}\) \{__rd\$\.dr\(arguments\[0\]/);
  });

  it('leaves arrow functions, generators and a function with an `arguments` of its own as they are', () => {
    expect(out('export const f = ({ a }) => a;')).not.toContain('arguments');
    expect(out('export function* g({ a }) { yield a; }')).not.toContain('arguments');
    expect(out('function f({ a }) { var arguments = 1; return a; }', false)).not.toContain('__rd$.dr(arguments');
  });
});

describe('entry points of key tests', () => {
  it('`hi` converts an object key once for an object, and hands the object back through k', () => {
    let calls = 0;
    const key = { toString: () => (calls++, 'a') };
    const o = { a: 1 };
    expect(api.hi(key, o, site())).toBe('a');
    expect(api.k).toBe(o);
    expect(calls).toBe(1);
    expect(api.hi('7', o, site())).toBe(7);
  });

  it('`hi` leaves the key unconverted when `in` will throw (the object is no object)', () => {
    let calls = 0;
    const key = { toString: () => (calls++, 'a') };
    expect(api.hi(key, 5, site())).toBe(key);
    expect(api.k).toBe(5);
    expect(calls).toBe(0);
  });

  it('`hk` and `hz` pass the key on as it came: the built-in converts it', () => {
    let calls = 0;
    const key = { toString: () => (calls++, 'a') };
    expect(api.hk(key, { a: 1 }, site())).toBe(key);
    api.ca({ a: 1 }, site());
    expect(api.hz(key)).toBe(key);
    expect(calls).toBe(0);
  });
});
