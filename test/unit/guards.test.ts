// Which reads the instrumenter lists as guards - the test of an `if` whose branch writes what the test
// read, before any await (loader/guards.ts) - and which it must not.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';
import { siteFrame } from '../../src/runtime/sites.js';
import { api } from '../../src/runtime/access.js';
import { isGuardSite } from '../../src/runtime/sites.js';

let n = 0;
/** The (line, column) of every guard site of `source`, registered as an instrumented file registers. */
function guardPositions(source: string): string[] {
  const out = instrument({ code: source, file: `file:///guards${n++}.mjs`, module: true }).code;
  const m = /__rd\$\.file\(("[^"]*"), (\d+), "([^"]*)", (\[[^\]]*\])(?:, "([^"]*)")?(?:, "[^"]*")?\)/.exec(out);
  expect(m, out).not.toBeNull();
  const base = api.file(JSON.parse(m![1]), Number(m![2]), m![3], JSON.parse(m![4]), m![5]);
  const found: string[] = [];
  for (let i = 0; i < Number(m![2]); i++) {
    if (!isGuardSite(base + i)) continue;
    const f = siteFrame(base + i)!;
    found.push(`${f.line}:${f.column}`);
  }
  return found;
}

describe('guard reads', () => {
  it('lists a structure test whose branch takes from the same array, and a Map check whose branch sets', () => {
    expect(guardPositions('const q = [];\nfunction next() {\n  if (q.length > 0) q.shift();\n}')).toEqual(['3:7']);
    expect(guardPositions('const m = new Map();\nfunction put(k, v) {\n  if (!m.has(k)) m.set(k, v);\n}')).toEqual(['3:8']);
  });

  it('lists a property test whose branch assigns or updates the property (this included)', () => {
    expect(guardPositions('class A {\n  take() {\n    if (this.n > 0) { this.n--; return true; }\n    return false;\n  }\n}')).toEqual(['3:9']);
    expect(guardPositions('const s = { busy: false };\nfunction go() {\n  if (s.busy) return;\n  else { s.busy = true; }\n}')).toEqual(['3:7']);
  });

  it('lists a private field\'s test whose branch writes that field, or mutates the private array it reads', () => {
    expect(guardPositions('class A {\n  #n = 1;\n  take() {\n    if (this.#n > 0) { this.#n--; return true; }\n    return false;\n  }\n}')).toEqual(['4:9']);
    expect(guardPositions('class A {\n  #q = [];\n  next() {\n    if (this.#q.length) return this.#q.shift();\n  }\n}')).toEqual(['4:9']);
    // A private name is not the public name it spells, nor another private field.
    expect(guardPositions('class A {\n  #n = 1;\n  n = 1;\n  take() {\n    if (this.#n > 0) this.n--;\n  }\n}')).toEqual([]);
    expect(guardPositions('class A {\n  #n = 1;\n  #m = 1;\n  take() {\n    if (this.#n > 0) this.#m--;\n  }\n}')).toEqual([]);
  });

  it('lists nothing when the branch only reads, writes another object or property, or writes after an await', () => {
    expect(guardPositions('const q = [];\nfunction peek() {\n  if (q.length > 0) console.log(q[0]);\n}')).toEqual([]);
    expect(guardPositions('const a = [], b = [];\nfunction move() {\n  if (a.length > 0) b.push(1);\n}')).toEqual([]);
    expect(guardPositions('const s = { x: 0, y: 0 };\nfunction f() {\n  if (s.x > 0) s.y = 1;\n}')).toEqual([]);
    expect(guardPositions('const q = [];\nasync function next() {\n  if (q.length > 0) {\n    await null;\n    q.shift();\n  }\n}')).toEqual([]);
  });

  it('counts writes made before the branch first awaits, and none in a nested function', () => {
    expect(guardPositions('const q = [];\nasync function next() {\n  if (q.length) {\n    const j = q.shift();\n    await j;\n  }\n}')).toEqual(['3:7']);
    expect(guardPositions('const q = [];\nfunction later() {\n  if (q.length) setTimeout(() => q.shift(), 1);\n}')).toEqual([]);
  });

  it('lists nothing for a test that itself awaits', () => {
    expect(guardPositions('const s = { n: 0 };\nasync function f() {\n  if ((await 1) && s.n) s.n = 0;\n}')).toEqual([]);
  });
});

describe('guard reads with an early exit', () => {
  it('treats the statements after `if (...) return;` as the other branch, up to the first await', () => {
    expect(guardPositions('const q = [];\nfunction next() {\n  if (q.length === 0) return;\n  const job = q.shift();\n  job();\n}')).toEqual(['3:7']);
    expect(guardPositions('const s = { busy: false };\nasync function go() {\n  if (s.busy) return false;\n  s.busy = true;\n  await null;\n  s.busy = false;\n}')).toEqual(['3:7']);
    expect(guardPositions('const q = [];\nasync function next() {\n  if (q.length === 0) return;\n  await null;\n  q.shift();\n}')).toEqual([]);
    expect(guardPositions('const q = [];\nfunction next() {\n  if (q.length === 0) console.log(1);\n  q.shift();\n}')).toEqual([]);
  });
});

describe('guard reads in loops and expressions', () => {
  it('lists the test of a while loop whose body takes, and the left of && / || whose right writes', () => {
    expect(guardPositions('const q = [];\nfunction drain() {\n  while (q.length > 0) q.shift()();\n}')).toEqual(['3:10']);
    expect(guardPositions('const q = [];\nfunction one() {\n  q.length && q.shift()();\n}')).toEqual(['3:3']);
    expect(guardPositions('const m = new Map();\nfunction put(k) {\n  m.has(k) || m.set(k, 1);\n}')).toEqual(['3:3']);
    expect(guardPositions('const q = [];\nfunction one() {\n  return q.length ? q.shift() : null;\n}')).toEqual(['3:10']);
  });

  it('lists nothing when the loop body awaits before it takes, or the right side only reads', () => {
    expect(guardPositions('const q = [];\nasync function drain() {\n  while (q.length > 0) {\n    await null;\n    q.shift();\n  }\n}')).toEqual([]);
    expect(guardPositions('const q = [];\nfunction peek() {\n  return q.length && q[0];\n}')).toEqual([]);
  });
});

describe('guard reads that are not (found in review)', () => {
  it('lists nothing when the branch rebinds the name: a shadowing declaration or a reassignment', () => {
    expect(guardPositions("const job = { status: 'p' };\nfunction f() {\n  if (job.status === 'p') {\n    const job = { status: 't' };\n    job.status += '!';\n  }\n}")).toEqual([]);
    expect(guardPositions('let conn = { ready: false };\nfunction f() {\n  if (!conn.ready) {\n    conn = { ready: false };\n    conn.ready = true;\n  }\n}')).toEqual([]);
  });

  it('matches a Map test and a write by their key, and not a write under a nested condition', () => {
    expect(guardPositions("const m = new Map();\nfunction f() {\n  if (m.get('mode') === 'old') m.set('warnedAt', 1);\n}")).toEqual([]);
    expect(guardPositions("const m = new Map();\nfunction f() {\n  if (m.get('mode') === 'old') m.set('mode', 'new');\n}")).toEqual(['3:7']);
    expect(guardPositions("const job = { s: 'p' }, opts = {};\nfunction f() {\n  if (job.s === 'p') {\n    if (opts.cancel) job.s = 'c';\n    else console.log('retry');\n  }\n}")).toEqual([]);
  });

  it('follows a static member chain on this', () => {
    expect(guardPositions('class L {\n  next() {\n    if (this.queue.length > 0) this.queue.shift()();\n  }\n}')).toEqual(['3:9']);
    expect(guardPositions('class C {\n  put(k, v) {\n    if (!this.cache.has(k)) this.cache.set(k, v);\n  }\n}')).toEqual(['3:10']);
  });
});

describe('guard reads of variables', () => {
  it('lists the test of a module binding or captured variable that its branch assigns: a busy flag, a first-wins slot', () => {
    expect(guardPositions('let busy = false;\nexport async function go() {\n  if (busy) return;\n  busy = true;\n  await null;\n  busy = false;\n}')).toEqual(['3:7']);
    expect(guardPositions('let winner;\nexport async function put(v) {\n  await null;\n  if (winner === undefined) winner = v;\n}')).toEqual(['4:7']);
    expect(guardPositions('let first;\nexport function put(v) {\n  if (first !== undefined) return;\n  first = v;\n}')).toEqual(['3:7']);
    expect(guardPositions('function start() {\n  let running = false;\n  return async () => {\n    if (!running) {\n      running = true;\n      await null;\n      running = false;\n    }\n  };\n}')).toEqual(['4:10']);
  });

  it('lists a logical assignment that does not await, and not one whose value awaits', () => {
    expect(guardPositions('let w;\nexport function put(v) {\n  w ??= v;\n}')).toEqual(['3:3']);
    expect(guardPositions('let c;\nexport async function get() {\n  return c ??= await 1;\n}')).toEqual([]);
  });

  it('lists nothing when the branch writes after an await, writes another variable, or shadows the name', () => {
    expect(guardPositions('let client;\nexport async function get() {\n  if (!client) {\n    const c = await 1;\n    client = c;\n  }\n}')).toEqual([]);
    expect(guardPositions('let a = 0, b = 0;\nexport function f() {\n  if (a > 0) b = 1;\n}')).toEqual([]);
    expect(guardPositions('let x;\nexport function f() {\n  if (!x) {\n    let x;\n    x = 1;\n  }\n}')).toEqual([]);
    expect(guardPositions('let n = 0;\nexport async function inc() {\n  const v = n;\n  await null;\n  n = v + 1;\n}')).toEqual([]);
  });

  it('lists the inner test of a double-checked lazy initialisation only', () => {
    expect(guardPositions('let client;\nexport async function get() {\n  if (!client) {\n    const c = await 1;\n    if (!client) client = c;\n  }\n  return client;\n}')).toEqual(['5:10']);
  });
});

describe('guard reads of key tests', () => {
  it('lists `k in o` whose branch stores o[k] (or o.p for a literal key), after an early exit too', () => {
    expect(guardPositions('const cache = {};\nexport function put(k, v) {\n  if (!(k in cache)) cache[k] = v;\n}')).toEqual(['3:9']);
    expect(guardPositions("const s = {};\nexport function open() {\n  if ('conn' in s) return;\n  s.conn = 1;\n}")).toEqual(['3:7']);
    expect(guardPositions('const inflight = {};\nexport async function get(k) {\n  if (k in inflight) return inflight[k];\n  inflight[k] = load(k);\n  try {\n    return await inflight[k];\n  } finally {\n    delete inflight[k];\n  }\n}\nasync function load(k) {}')).toEqual(['3:7']);
    expect(guardPositions('const seen = {};\nexport function forget(k) {\n  if (k in seen) delete seen[k];\n}')).toEqual(['3:7']);
  });

  it('lists Object.hasOwn, Reflect.has and hasOwnProperty tests whose branch writes the key', () => {
    expect(guardPositions('const flags = {};\nexport function f(name) {\n  if (!Object.hasOwn(flags, name)) flags[name] = false;\n}')).toEqual(['3:8']);
    expect(guardPositions("const o = {};\nexport function f() {\n  if (!Reflect.has(o, 'ready')) o.ready = true;\n}")).toEqual(['3:8']);
    expect(guardPositions('class C {\n  put(k) {\n    if (!this.cache.hasOwnProperty(k)) this.cache[k] = 1;\n  }\n}')).toEqual(['3:10']);
    expect(guardPositions("const o = {};\nexport function f(k) {\n  if (!Object.prototype.hasOwnProperty.call(o, k)) o[k] = 1;\n}")).toEqual(['3:8']);
  });

  it('lists a read of o[k], k a name, whose branch stores o[k], as o.p is', () => {
    expect(guardPositions('const cache = {};\nexport function put(k, v) {\n  if (cache[k] === undefined) cache[k] = v;\n}')).toEqual(['3:7']);
    expect(guardPositions('const memo = {};\nexport function get(k) {\n  if (memo[k]) return memo[k];\n  memo[k] = k * 2;\n  return memo[k];\n}')).toEqual(['3:7']);
    // Another key, a computed key that is no name, or a write after an await: no guard.
    expect(guardPositions('const a = {};\nexport function f(k, j) {\n  if (a[k] === undefined) a[j] = 1;\n}')).toEqual([]);
    expect(guardPositions("const a = {};\nexport function f(k) {\n  if (a[k + '!'] === undefined) a[k + '!'] = 1;\n}")).toEqual([]);
    expect(guardPositions('const a = {};\nexport async function f(k) {\n  if (a[k] === undefined) {\n    const v = await 1;\n    a[k] = v;\n  }\n}')).toEqual([]);
  });

  it('lists a key test whose branch writes the key with Reflect.set or Object.defineProperty', () => {
    expect(guardPositions("const o = {};\nexport function f() {\n  if (!Reflect.has(o, 'ready')) Reflect.set(o, 'ready', true);\n}")).toEqual(['3:8']);
    expect(guardPositions("const o = {};\nexport function f(k) {\n  if (!(k in o)) Object.defineProperty(o, k, { value: 1 });\n}")).toEqual(['3:9']);
  });

  it('lists nothing when the write comes after an await, goes to another object or key, or the key is computed', () => {
    expect(guardPositions('const cache = {};\nexport async function get(k) {\n  if (!(k in cache)) {\n    const v = await 1;\n    cache[k] = v;\n  }\n}')).toEqual([]);
    expect(guardPositions('const a = {}, b = {};\nexport function f(k) {\n  if (!(k in a)) b[k] = 1;\n}')).toEqual([]);
    expect(guardPositions('const a = {};\nexport function f(k, j) {\n  if (!(k in a)) a[j] = 1;\n}')).toEqual([]);
    expect(guardPositions("const a = {};\nexport function f(k) {\n  if (!(k + '!' in a)) a[k + '!'] = 1;\n}")).toEqual([]);
  });
});

describe('guard reads written by destructuring', () => {
  it('counts the targets of a destructuring assignment as writes of the branch', () => {
    expect(guardPositions('const s = { token: null };\nexport function f(t) {\n  if (!s.token) ({ token: s.token } = t);\n}')).toEqual(['3:8']);
    expect(guardPositions('let client;\nexport function get(make) {\n  if (!client) [client] = [make()];\n  return client;\n}')).toEqual(['3:8']);
  });
});

describe('poll tests', () => {
  const out = (source: string): string => instrument({ code: source, file: 'file:///poll.mjs', module: true }).code;

  it('records the test of an if whose branch stops a timer as a poll, and other timer reads as reads', () => {
    const polled = out("const job = { status: 'run' };\nconst t = setInterval(() => {\n  if (job.status === 'done') {\n    clearInterval(t);\n  }\n}, 5);");
    expect(polled).toContain('__rd$.p(job, "status"');
    const once = out("const cfg = { mode: 'old' };\nlet n = 0;\nconst t = setInterval(() => {\n  if (++n === 2) {\n    console.log(cfg.mode);\n    clearInterval(t);\n  }\n}, 5);");
    expect(once).toContain('__rd$.r(cfg, "mode"');
    expect(once).not.toContain('__rd$.p(');
  });

  it('records a tracked variable the test looks at as a poll, as it does a property', () => {
    const flag = out("let done = false;\nexport function finish() { done = true; }\nconst t = setInterval(() => {\n  if (done) clearInterval(t);\n}, 5);");
    expect(flag).toMatch(/if \(__rd\$\.pb\(done, /);
    const captured = out('function start() {\n  let ready = false;\n  setTimeout(() => { ready = true; }, 1);\n  const u = setInterval(() => {\n    if (ready) { clearInterval(u); }\n  }, 5);\n}');
    expect(captured).toMatch(/if \(__rd\$\.pb\(ready, /);
    // A counter the test updates is a write, and a variable read only to reach a property is not
    // what the test looks at.
    const counted = out("let n = 0;\nlet job = { status: 'run' };\nexport function reset() { n = 0; job = { status: 'run' }; }\nconst t = setInterval(() => {\n  if (++n === 2 || job.status === 'done') clearInterval(t);\n}, 5);");
    expect(counted).not.toContain('__rd$.pb(');
    expect(counted).toContain('__rd$.p(__rd$.rb(job, ');
  });

  it('records a key test in a loop that awaits, or in a test whose branch stops a timer, as a poll', () => {
    expect(out("const job = {};\nexport async function wait() {\n  while (!('result' in job)) await null;\n}")).toContain("__rd$.hp('result' , job, ");
    expect(out("const job = {};\nconst t = setInterval(() => {\n  if ('result' in job) clearInterval(t);\n}, 5);")).toContain("__rd$.hp('result' , job, ");
    expect(out("const job = {};\nexport function peek() {\n  return 'result' in job;\n}")).toContain("__rd$.hi('result' , job, ");
  });
});

describe('exit tests', () => {
  const out = (source: string): string => instrument({ code: source, file: 'file:///exit.mjs', module: true }).code;

  it('marks the reads of an if test that leaves, property and tracked variable alike', () => {
    const src = "const w = { closed: false, items: new Set() };\nlet stopped = false;\nexport function stop() { stopped = true; }\nexport async function add(k) {\n  await null;\n  if (w.closed) return;\n  if (stopped) { throw new Error('stopped'); }\n  w.items.add(k);\n}";
    const code = out(src);
    expect(code).toContain('if (__rd$.x(w, "closed", ');
    expect(code).toMatch(/if \(__rd\$\.xb\(stopped, /);
  });

  it('leaves alone a test with an else, a test whose branch goes on, and a poll', () => {
    expect(out('const w = { closed: false };\nexport function f() {\n  if (w.closed) return 1;\n  else return 2;\n}')).not.toContain('__rd$.x(');
    expect(out("const w = { closed: false };\nexport function f() {\n  if (w.closed) console.log('closed');\n  return 2;\n}")).not.toContain('__rd$.x(');
    const poll = out("const job = { status: 'run' };\nconst t = setInterval(() => {\n  if (job.status === 'done') { clearInterval(t); return; }\n}, 5);");
    expect(poll).toContain('__rd$.p(job, "status"');
    expect(poll).not.toContain('__rd$.x(');
  });
});
