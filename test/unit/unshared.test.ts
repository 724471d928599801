// Which accesses the instrumenter leaves alone because their object is a fresh local no other flow can
// reach yet (loader/unshared.ts), and which it must keep.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';

function instrumented(source: string): string {
  return instrument({ code: source, file: 'file:///t.mjs', module: true }).code;
}

/** How many recorded accesses (property accesses and method calls) to `key` the output still makes. */
function recorded(source: string, key: string): number {
  return instrumented(source).split(`, "${key}", __rdS+`).length - 1;
}

describe('unshared objects', () => {
  it('leaves alone what a function does to a fresh local before handing it on', () => {
    expect(recorded('function f(n) { const out = []; for (let i = 0; i < n; i++) out.push(i); return out; }', 'push')).toBe(0);
    expect(recorded('function f(a) { const o = {}; o.x = a; o.y = o.x + 1; return o; }', 'x')).toBe(0);
    expect(recorded('function f(a) { const o = { n: 0 }; o.n++; g(o); }', 'n')).toBe(0);
    expect(recorded('function f(k) { const m = new Map(); m.set(k, 1); return m.get(k); }', 'set')).toBe(0);
    expect(recorded('function f(k) { const m = new Map(); m.set(k, 1); return m.get(k); }', 'get')).toBe(0);
    expect(recorded('function f(xs) { const s = new Set(); for (const x of xs) s.add(x); return s.has(1); }', 'add')).toBe(0);
    expect(recorded('function f() { let parts = []; parts.push("a"); return parts.join(","); }', 'join')).toBe(0);
    // Each iteration makes its own object: handing the last one on does not share this one.
    expect(recorded('function f(xs, all) { for (const x of xs) { const row = {}; row.x = x; all.push(row); } }', 'x')).toBe(0);
    // An async function's own writes before it lets the object out, awaits or not.
    expect(recorded('async function f() { const o = {}; o.a = 1; await g(); o.b = 2; return o; }', 'a')).toBe(0);
    expect(recorded('async function f() { const o = {}; o.a = 1; await g(); o.b = 2; return o; }', 'b')).toBe(0);
  });

  it('records everything after the object is handed on', () => {
    expect(recorded('function f() { const o = {}; g(o); o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = {}; shared.o = o; return o.x; }', 'x')).toBe(1);
    expect(recorded('function f() { const a = []; list.push(a); a.push(1); }', 'push')).toBe(2);
    // A later iteration of a loop around both comes after an earlier iteration's hand-over.
    expect(recorded('function f(n) { const o = {}; for (let i = 0; i < n; i++) { o.x = i; g(o); } }', 'x')).toBe(1);
    // Returned, awaited, yielded, thrown, spread into a call, compared: all may let it out.
    expect(recorded('async function f() { const o = {}; await o; o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = {}; h(...[o]); o.x = 1; }', 'x')).toBe(1);
  });

  it('never counts an object that other code can reach', () => {
    // Captured by a closure: it can run in another flow at any time.
    expect(recorded('function f() { const o = {}; setTimeout(() => g(o)); o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = {}; o.x = 1; return () => o.x; }', 'x')).toBe(2);
    // Assigned again: the name no longer stands for one fresh object.
    expect(recorded('function f(p) { let o = {}; o.x = 1; o = p; o.x = 2; }', 'x')).toBe(2);
    // Not fresh: a parameter, a call's result, a module-level object.
    expect(recorded('function f(o) { o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = make(); o.x = 1; }', 'x')).toBe(1);
    expect(recorded('const o = {}; export function f() { o.x = 1; }', 'x')).toBe(1);
    expect(recorded('const o = {}; o.x = 1; export { o };', 'x')).toBe(1);
    // A shadowed constructor is the program's own class.
    expect(recorded('function f(Map) { const m = new Map(); m.set(1, 2); }', 'set')).toBe(1);
    // A generator's body runs in whichever flow resumes it.
    expect(recorded('function* f() { const o = { n: 0 }; for (;;) { o.n++; yield; } }', 'n')).toBe(1);
  });

  it('counts only method calls that keep no reference to the object', () => {
    // A callback of map / forEach gets the collection itself as an argument.
    expect(recorded('function f(xs) { const a = [1]; a.map((x) => x); return a.push(2); }', 'push')).toBe(1);
    expect(recorded('function f() { const m = new Map(); m.forEach(g); m.set(1, 2); }', 'set')).toBe(1);
    // An object literal's methods, getters and setters run with the object as `this`.
    expect(recorded('function f() { const o = { n: 0, inc() { this.n++; } }; o.n = 1; }', 'n')).toBe(2); // and this.n++
    expect(recorded('function f() { const o = { get v() { return this; } }; o.n = 1; }', 'n')).toBe(1);
  });

  it('keeps a read that can open a read-await-write window after the hand-over', () => {
    // Read, hand over, await, write back: whoever updated the field meanwhile is overwritten.
    const racy = 'async function f() { const o = { n: 0 }; const before = o.n; register(o); await tick(); o.n = before + 1; }';
    expect(recorded(racy, 'n')).toBe(2);
    // The same in a function that cannot suspend: its reads are left alone.
    expect(recorded('function f() { const o = { n: 0 }; const before = o.n; register(o); o.n = before + 1; }', 'n')).toBe(1);
  });

  it('treats `this` in the constructor of a class that extends nothing as a fresh local', () => {
    expect(recorded('class A { constructor(n) { this.n = n; this.m = new Map(); this.n++; } }', 'n')).toBe(0);
    expect(recorded('class A { #n; constructor(n) { this.#n = n; } n() { return this.#n; } }', '#n')).toBe(1); // the method's
    // Handed on: passed, stored, or a method called on it (which could store it).
    expect(recorded('class A { constructor(r) { this.a = 1; r.add(this); this.b = 2; } }', 'a')).toBe(0);
    expect(recorded('class A { constructor(r) { this.a = 1; r.add(this); this.b = 2; } }', 'b')).toBe(1);
    expect(recorded('class A { constructor() { this.init(); this.b = 2; } init() {} }', 'b')).toBe(1);
    expect(recorded('class A { constructor(x = reg(this)) { this.b = 2; } }', 'b')).toBe(1);
    // An arrow function made in the constructor keeps `this` for later callers.
    expect(recorded('class A { constructor(e) { this.n = 0; e.on("x", () => this.n++); } }', 'n')).toBe(2);
    // A base class's constructor runs first and could hand it on; a setter runs with it.
    expect(recorded('class B extends A { constructor() { super(); this.b = 2; } }', 'b')).toBe(1);
    expect(recorded('class A { constructor() { this.b = 2; } set b(v) { reg(this); } }', 'b')).toBe(1);
    // An instance field's initialiser runs before the constructor and can hand `this` on.
    expect(recorded('class A { cb = () => this; constructor() { this.b = 2; } }', 'b')).toBe(1);
    expect(recorded('class A { size = 0; constructor() { this.b = 2; } }', 'b')).toBe(0);
  });

  it('gives up on files with a direct eval or a with statement', () => {
    expect(recorded('function f() { const o = {}; o.x = 1; eval("o"); }', 'x')).toBe(1);
  });
});
