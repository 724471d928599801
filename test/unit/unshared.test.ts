// Which accesses the instrumenter leaves alone because their object is a fresh local no other flow can
// reach (loader/unshared.ts), and which it must keep.
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
  it('leaves alone every access to a fresh local the function never hands on', () => {
    const dedupe = 'function f(xs) { const seen = new Set(); let n = 0; for (const x of xs) if (!seen.has(x)) { seen.add(x); n++; } return n; }';
    expect(recorded(dedupe, 'has')).toBe(0);
    expect(recorded(dedupe, 'add')).toBe(0);
    expect(recorded('function f(a) { const o = { n: 0 }; o.n++; o.n += a; return o.n * 2; }', 'n')).toBe(0);
    expect(recorded('function f(k) { const m = new Map(); m.set(k, 1); return m.get(k); }', 'get')).toBe(0);
    expect(recorded('function f(xs) { const parts = []; for (const x of xs) parts.push(x); return parts.join(","); }', 'push')).toBe(0);
  });

  it('leaves alone plain writes before the function hands the object on', () => {
    expect(recorded('function f(a) { const o = {}; o.x = a; o.y = 2; return o; }', 'x')).toBe(0);
    expect(recorded('function f(a) { const o = {}; o.x = a; o.y = 2; return o; }', 'y')).toBe(0);
    // Each turn of the loop makes its own object: handing the last one on does not share this one.
    expect(recorded('function f(xs, all) { for (const x of xs) { const row = {}; row.x = x; all.push(row); } }', 'x')).toBe(0);
    // An await that does not hand it on changes nothing.
    expect(recorded('async function f() { const o = {}; o.a = 1; await g(); o.b = 2; return o; }', 'a')).toBe(0);
    expect(recorded('async function f() { const o = {}; o.a = 1; await g(); o.b = 2; return o; }', 'b')).toBe(0);
  });

  it('records reads, updates and method calls of an object the function hands on', () => {
    // A read can open a read-await-write window: read, hand over, await (here or in the caller the
    // value goes back to), write back over whatever another flow wrote meanwhile.
    expect(recorded('function f(a) { const o = {}; o.x = a; o.y = o.x + 1; return o; }', 'x')).toBe(1);
    expect(recorded('async function f() { const o = { n: 0 }; const b = o.n; register(o); await tick(); o.n = b + 1; }', 'n')).toBe(2);
    expect(recorded('function publish(id) { const job = { attempts: 0 }; const b = job.attempts; jobs.set(id, job); return b; }', 'attempts')).toBe(1);
    expect(recorded('function f(xs) { const out = []; for (const x of xs) out.push(x); return out; }', 'push')).toBe(1);
    expect(recorded('function f(a) { const o = { n: 0 }; o.n++; return o; }', 'n')).toBe(1);
    // `o.p = f(o.p)` keeps its read when its write is left alone (no update covers it).
    expect(recorded('async function f() { const j = { n: 0 }; j.n = j.n + 1; all.push(j); await t(); j.n = 5; }', 'n')).toBe(2);
    // A write left alone covers nothing: a later write after the hand-over is recorded.
    expect(recorded('function f(m) { const o = {}; o.v = 1; m.set("k", o); o.v = 2; }', 'v')).toBe(1);
  });

  it('records everything after the object is handed on', () => {
    expect(recorded('function f() { const o = {}; g(o); o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = {}; shared.o = o; o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const a = []; list.push(a); a.push(1); }', 'push')).toBe(2);
    // A later turn of a loop around both comes after an earlier turn's hand-over.
    expect(recorded('function f(n) { const o = {}; for (let i = 0; i < n; i++) { o.x = i; g(o); } }', 'x')).toBe(1);
    // A `for` head declares once: the body's write in the next turn follows this turn's hand-over.
    expect(recorded('async function f() { for (const st = { i: 0 }; st.i < 3; st.i++) { st.n = st.i; reg.push(st); await t(); } }', 'n')).toBe(1);
    // Awaited, spread into a call, returned: all may let it out.
    expect(recorded('async function f() { const o = {}; await o; o.x = 1; }', 'x')).toBe(1);
    expect(recorded('function f() { const o = {}; h(...[o]); o.x = 1; }', 'x')).toBe(1);
    // An await in a nested class's computed key is the function's own.
    expect(recorded('async function f() { const o = {}; reg.push(o); class S { [await t()]() {} } o.x = 1; }', 'x')).toBe(1);
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

  it('treats `this` in the constructor of a class that extends nothing as a fresh local that `new` hands on', () => {
    // Plain writes are left alone; reads and updates are recorded.
    expect(recorded('class A { constructor(n) { this.n = n; this.m = new Map(); } }', 'n')).toBe(0);
    expect(recorded('class A { constructor(n) { this.n = n; this.n++; } }', 'n')).toBe(1);
    expect(recorded('class A { constructor(n) { this.count = n; this.next = this.count + 1; } }', 'count')).toBe(1);
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
