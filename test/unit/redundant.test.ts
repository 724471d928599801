// Which accesses the instrumenter leaves alone because an earlier one in the same synchronous stretch
// covers them (loader/redundant.ts), and which it must keep.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';

function instrumented(source: string): string {
  return instrument({ code: source, file: 'file:///t.mjs', module: true }).code;
}

/** How many recorded accesses to property `key` the output still makes. */
function recorded(source: string, key: string): number {
  return instrumented(source).split(`, "${key}", __rdS+`).length - 1;
}

/** How many recorded accesses to the file's one tracked binding the output still makes. */
function recordedBinding(source: string): number {
  return instrumented(source).split(', __rdv$0, __rdS+').length - 1;
}

describe('redundant accesses', () => {
  it('drops a read or write that an earlier one in the same stretch covers', () => {
    expect(recorded('function f(o) { return o.p + o.p; }', 'p')).toBe(1);
    expect(recorded('class A { m() { this.n++; this.n++; return this.n; } }', 'n')).toBe(1);
    // A read does not cover a write; a write covers a later write; a read covers a later read.
    expect(recorded('function f(o) { const a = o.p; o.p = a + 1; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o) { o.p = 1; o.p = 2; }', 'p')).toBe(1);
    // A write does not cover a later read: that read starts the flow's next read-await-write window.
    expect(recorded('function f(o) { o.p = 1; return o.p; }', 'p')).toBe(2);
    // An update (o.p++, o.p += v, o.p = o.p + v) reads and writes: it covers both.
    expect(recorded('function f(o) { o.p++; return o.p; }', 'p')).toBe(1);
    expect(recorded('function f(o) { o.p += 2; return o.p; }', 'p')).toBe(1);
    expect(recorded('function f(o) { o.p = o.p * 2; return o.p; }', 'p')).toBe(1);
  });

  it('keeps accesses on both sides of an await or a yield', () => {
    expect(recorded('async function f(o) { const a = o.p; await null; return o.p + a; }', 'p')).toBe(2);
    expect(recorded('async function f(o) { o.p = o.p + (await g()); }', 'p')).toBe(2);
    expect(recorded('function* f(o) { yield o.p; yield o.p; }', 'p')).toBe(2);
    expect(recorded('async function f(o) { for await (const x of xs) {} return o.p + o.p; }', 'p')).toBe(1);
    expect(recorded('async function f(o) { o.p; for await (const x of xs) {} return o.p; }', 'p')).toBe(2);
  });

  it('keeps accesses whose object may have changed', () => {
    expect(recorded('function f(o, q) { o.p; o = q; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f() { let o = a(); o.p; o = b(); return o.p; }', 'p')).toBe(2);
    // Reassigned by a closure, which any call could run.
    expect(recorded('function f() { let o = a(); const set = () => { o = b(); }; o.p; g(set); return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o, q) { o.p; ({ o } = q); return o.p; }', 'p')).toBe(2);
    expect(recorded('function f() { x.p; return x.p; }', 'p')).toBe(2); // a global
    expect(recorded('function f(o) { o.p; eval("o = {}"); return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o) { o.p; arguments[0] = {}; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o, k) { o[k]; return o[k]; }', 'k')).toBe(0);
  });

  it('keeps what only one branch, a short-circuit or a try block did', () => {
    expect(recorded('function f(o, c) { if (c) o.p; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o, c) { if (c) o.p; else o.p; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o, c) { c && o.p; return o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o, c) { return (c ? o.p : 0) + o.p; }', 'p')).toBe(2);
    expect(recorded('function f(o) { try { o.p; g(); } catch { return o.p; } }', 'p')).toBe(2);
    expect(recorded('function f(o, v) { switch (v) { case o.p: g(); case 2: return o.p; } }', 'p')).toBe(2);
    // An optional link counts as conditional, though o.p would throw without it: kept, to be safe.
    expect(recorded('function f(o) { return o?.p + o.p; }', 'p')).toBe(2);
    // Both branches read it: the read after them is covered.
    expect(recorded('function f(o, c) { if (c) { o.p; } else { o.p; o.p = 1; } return o.p; }', 'p')).toBe(3);
    // One branch only wrote it: the read after them is kept.
    expect(recorded('function f(o, c) { if (c) { o.p; } else { o.p = 1; } return o.p; }', 'p')).toBe(3);
  });

  it('carries into a loop only what happened before it, and only if the loop never suspends', () => {
    expect(recorded('function f(o, n) { o.p; for (let i = 0; i < n; i++) o.q += o.p; }', 'p')).toBe(1);
    expect(recorded('async function f(o, n) { o.p; for (let i = 0; i < n; i++) { o.q += o.p; await g(); } }', 'p')).toBe(2);
    expect(recorded('async function f(o) { o.p; while (o.p) await g(); }', 'p')).toBe(2);
    // One iteration's access does not cover the next one's: the body is the same site.
    expect(recorded('function f(xs) { for (const x of xs) { x.p++; } }', 'p')).toBe(1);
    expect(recorded('function f(o, xs) { for (const x of xs) { x.p = o.p; } return o.p; }', 'p')).toBe(3);
  });

  it('does not carry into nested functions', () => {
    expect(recorded('function f(o) { o.p; return () => o.p; }', 'p')).toBe(2);
    expect(recorded('class A { x = this.p; y = this.p; }', 'p')).toBe(2);
  });

  it('drops repeated accesses to a tracked module binding in one stretch', () => {
    const rand = 'let seed = 1; export function rand() { seed ^= seed << 13; seed ^= seed >>> 17; return seed; }';
    expect(recordedBinding(rand)).toBe(2); // the first read and the first update
    expect(recordedBinding('let n = 0; export async function f() { n++; await null; n++; }')).toBe(2);
    expect(recordedBinding('let n = 0; export function f(c) { if (c) n = 1; return n; }')).toBe(2);
  });

  it('keeps a write after a delete of the same key', () => {
    expect(recorded('function f(o) { o.p = 1; delete o.p; o.p = 2; }', 'p')).toBe(3);
  });
});
