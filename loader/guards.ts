// Guard reads: the test of a conditional update.
//
// `if (queue.length) queue.shift()`, `if (!cache.has(k)) cache.set(k, v)`, `if (s.busy === false)
// s.busy = true`: the test reads a location and a branch writes the same location in the same
// synchronous stretch. Whatever value the test reads, the flow acts on it atomically - the read is
// half of a compare-and-set. When the branch does write, the runtime already treats the read as an
// atomic update's (its segment wrote the location after it); when the value says "nothing to do",
// the segment writes nothing, and the same read looked like a one-off read whose value depends on
// timing. The runtime is told which read sites are such guards, and does not count them as
// timing-dependent reads (SPEC §1 leaves out a read its own segment follows with a write: here the
// segment would have written, had the value asked for it). Strict mode still counts them.
//
// The same for the test of a `while` (its body is the branch), the left of `&&` / `||` / `??` (the
// right is), and the test of `? :`.
// Matched syntactically, where the object is the same name (or `this`, or a static chain on them such
// as `this.queue`) in the test and the branch, and the branch neither declares nor assigns that name:
// `X.p` (or `X[k]`, k a name) read and the same assigned or updated; `X.length` / `X.size` read and a mutating method called
// on X (or `X.length` assigned); `X.has(k)` / `X.get(k)` called and `X.set(k, ..)` / `X.add(k)` /
// `X.delete(k)` with the same key (a name or a literal), or a keyless mutator (`push`, `shift`,
// `clear`); a key test - `k in X`, `Object.hasOwn(X, k)`, `Reflect.has(X, k)`, `X.hasOwnProperty(k)` -
// and `X[k]` assigned, updated or deleted (or `X.p` for a literal key), or written by `Reflect.set` /
// `Object.defineProperty` with the same key. Only writes the branch makes unconditionally (not under
// a nested `if`, loop, `? :` or `&&`) and before its first await or yield count.
//
// A tracked variable (a module binding or a captured variable, instrument.ts) is matched by the
// variable itself, not by its name, so a shadowing declaration in the branch is another variable:
// `if (busy) return; busy = true`, `if (!winner) winner = v`, `if (x === undefined) x = v`: the
// same idioms as on `s.busy`, and programs keep such flags in a `let` at least as often.

import { FUNCTION_TYPES, type Node, patternTargets, suspends } from './ast.js';

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const KEY_READERS = new Set(['has', 'get', 'includes', 'indexOf']);

/**
 * `X` as a name for matching: an identifier, `this`, or a static member chain on them (`this.queue`,
 * `this.#queue`).
 */
function objectName(o: Node): string | null {
  if (o.type === 'Identifier') return o.name;
  if (o.type === 'ThisExpression') return 'this';
  if (o.type === 'MemberExpression' && !o.computed && !o.optional) {
    const key = staticKey(o);
    const base = key === null ? null : objectName(o.object);
    return base === null ? null : `${base}.${key}`;
  }
  return null;
}

/** The name a chain starts from (`this.queue` -> `this`). */
function rootName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** A collection method's key argument as text, for matching a test's key with a branch's. */
function keyText(call: Node, code: string): string | null {
  const a = call.arguments[0];
  if (a === undefined || a.type === 'SpreadElement') return null;
  if (a.type === 'Identifier' || a.type === 'Literal' || a.type === 'ThisExpression') return code.slice(a.start, a.end);
  return null;
}

// Constructs whose inner writes may not run when the branch does: a write under them does not make
// the branch's test a guard (`if (job.pending) { if (opts.cancel) job.pending = false; else retry(); }`).
const CONDITIONAL = new Set(['IfStatement', 'ConditionalExpression', 'LogicalExpression', 'SwitchStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * The static key of a member expression (`.p`, `["p"]`, `[3]`, `.#p` as "#p", which no string key
 * names the same way: a string "#p" is only ever `["#p"]`, a computed key), or null.
 */
function staticKey(m: Node): string | null {
  if (!m.computed) return m.property.type === 'Identifier' ? m.property.name : m.property.type === 'PrivateIdentifier' ? `#${m.property.name}` : null;
  const p = m.property;
  return p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number') ? String(p.value) : null;
}

/**
 * The location a key test or a keyed write names on `obj`: `X.p` for a literal key (as a static
 * member names it), `X#prop:k` for a key held in a variable; null for any other key expression.
 */
function keyedLocation(obj: string, key: Node): string | null {
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return `${obj}.${String(key.value)}`;
  if (key.type === 'Identifier') return `${obj}#prop:${key.name}`;
  return null;
}

/** `X[k]` with the key in a variable, as keyedLocation names it (static keys: `staticKey`). */
function computedLocation(m: Node): string | null {
  if (!m.computed || m.optional) return null;
  const obj = objectName(m.object);
  return obj === null ? null : keyedLocation(obj, m.property);
}

/** A call `Owner.name(...)` on a plain name (`Object.hasOwn`, `Reflect.set`). */
function isStatic(call: Node, owner: string, name: string): boolean {
  const c = call.callee;
  return c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === owner && c.property.name === name;
}

/**
 * A key test - `k in X`, `Object.hasOwn(X, k)`, `Reflect.has(X, k)`, `X.hasOwnProperty(k)`,
 * `<...>.hasOwnProperty.call(X, k)` - as the tested object and key expressions, or null.
 */
function keyTest(n: Node): { object: Node; key: Node } | null {
  if (n.type === 'BinaryExpression') return n.operator === 'in' && n.left.type !== 'PrivateIdentifier' ? { object: n.right, key: n.left } : null;
  if (n.type !== 'CallExpression' || n.optional || n.arguments.some((a: Node) => a.type === 'SpreadElement')) return null;
  const c = n.callee;
  const args = n.arguments;
  if (c.type !== 'MemberExpression' || c.computed || c.optional) return null;
  if (args.length === 2 && (isStatic(n, 'Object', 'hasOwn') || isStatic(n, 'Reflect', 'has'))) return { object: args[0], key: args[1] };
  if (args.length === 1 && c.property.name === 'hasOwnProperty') return { object: c.object, key: args[0] };
  const m = c.object;
  if (args.length === 2 && c.property.name === 'call' && ((m.type === 'MemberExpression' && !m.computed && m.property.name === 'hasOwnProperty') || (m.type === 'Identifier' && m.name === 'hasOwnProperty'))) return { object: args[0], key: args[1] };
  return null;
}

/** Returned by a visitor: do not descend into this node. */
const STOP = Symbol('stop');

/** Visits `node` and what it contains; nested functions and classes only when `all` is set. */
function visit(node: Node, fn: (n: Node) => unknown, all: boolean): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const c of node) visit(c, fn, all);
    return;
  }
  if (typeof node.type !== 'string') return;
  if (fn(node) === STOP) return;
  if (!all && (FUNCTION_TYPES.has(node.type) || node.type === 'ClassBody')) return;
  for (const key in node) if (key !== 'type' && key !== 'loc' && key !== 'start' && key !== 'end') visit(node[key], fn, all);
}

/** Visits `node` without entering nested functions and classes. */
function visitOwn(node: Node, fn: (n: Node) => unknown): void {
  visit(node, fn, false);
}

/** Visits every node, nested functions included. */
function visitAll(node: Node, fn: (n: Node) => void): void {
  visit(node, fn, true);
}

/**
 * The tracked variable an identifier refers to (a cell name, instrument.ts), or undefined: how a
 * variable read in a test is matched with a write of the same variable in the branch.
 */
export type VariableOf = (id: Node) => string | undefined;

const NO_VARIABLES: VariableOf = () => undefined;

/** Locations a branch writes before it first suspends: `X.p`, `X#structure`, `X#keys`, `#var:cell`. */
function branchWrites(branch: Node | null, code: string, variableOf: VariableOf): Set<string> {
  if (branch === null) return new Set();
  return statementsWrite(branch.type === 'BlockStatement' ? branch.body : [branch], code, variableOf);
}

/**
 * Locations `statements` write before the first one that awaits or yields (that one is left out
 * whole: a write inside it may come after its await, in a later segment).
 */
function statementsWrite(statements: readonly Node[], code: string, variableOf: VariableOf, out = new Set<string>()): Set<string> {
  visitBeforeSuspending(statements, (n) => {
    // `x = v`, `x ??= v`, `x++`: a write of the variable x refers to.
    const target = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : null;
    if (target !== null && target.type === 'Identifier') {
      const cell = variableOf(target);
      if (cell !== undefined) out.add(`#var:${cell}`);
    }
    if ((n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression') || (n.type === 'UpdateExpression' && n.argument.type === 'MemberExpression')) {
      memberWritten(n.type === 'AssignmentExpression' ? n.left : n.argument, out);
    } else if (n.type === 'UnaryExpression' && n.operator === 'delete' && n.argument.type === 'MemberExpression') {
      memberWritten(n.argument, out);
    } else if (n.type === 'AssignmentExpression' && (n.left.type === 'ObjectPattern' || n.left.type === 'ArrayPattern')) {
      // `({ a: X.p } = v)`, `[x] = v`: each target is written.
      for (const t of patternTargets(n.left, [], true)) {
        if (t.type === 'MemberExpression') memberWritten(t, out);
        else {
          const cell = variableOf(t);
          if (cell !== undefined) out.add(`#var:${cell}`);
          out.add(`#bound:${t.name}`);
        }
      }
    } else if (n.type === 'CallExpression' && n.arguments.length === 3 && (isStatic(n, 'Reflect', 'set') || isStatic(n, 'Object', 'defineProperty'))) {
      const obj = objectName(n.arguments[0]);
      const loc = obj === null ? null : keyedLocation(obj, n.arguments[1]);
      if (loc !== null) out.add(loc);
    } else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed) {
      const obj = objectName(n.callee.object);
      const name = n.callee.property.name;
      if (obj !== null && MUTATORS.has(name)) {
        out.add(`${obj}#structure`);
        // A keyed write names its key; the others (push, shift, clear, ...) touch any element.
        const key = name === 'set' || name === 'add' || name === 'delete' ? keyText(n, code) : null;
        out.add(key !== null ? `${obj}#key:${key}` : `${obj}#anykey`);
      }
    }
    // A name the branch declares or assigns is no longer the object the test read.
    if (n.type === 'VariableDeclarator' || n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') {
      if (n.id?.type === 'Identifier') out.add(`#bound:${n.id.name}`);
    } else if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') out.add(`#bound:${n.left.name}`);
  });
  return out;
}

/** Adds the location an assigned, updated or deleted member expression names (`X.p`, `X[k]`). */
function memberWritten(m: Node, out: Set<string>): void {
  const obj = objectName(m.object);
  const key = staticKey(m);
  if (obj !== null && key !== null) out.add(key === 'length' ? `${obj}#structure` : `${obj}.${key}`);
  else {
    const loc = computedLocation(m);
    if (loc !== null) out.add(loc);
  }
}

/** Visits what `statements` run unconditionally before the first one that awaits or yields. */
function visitBeforeSuspending(statements: readonly Node[], fn: (n: Node) => void): void {
  for (const st of statements) {
    if (suspends(st)) break;
    visitUnconditional(st, fn);
  }
}

/** Visits `node` except nested functions, classes and the inside of conditional constructs. */
function visitUnconditional(node: Node, fn: (n: Node) => void): void {
  visitOwn(node, (n) => {
    if (CONDITIONAL.has(n.type)) {
      // Its test still runs unconditionally; what it guards does not.
      const test = n.type === 'LogicalExpression' ? n.left : n.test;
      if (test !== undefined && test !== null) visitUnconditional(test, fn);
      return STOP;
    }
    fn(n);
    return undefined;
  });
}

/** A statement that always leaves its block: `return`, `throw`, `break`, `continue`, or a block ending so. */
function leaves(st: Node): boolean {
  if (st.type === 'ReturnStatement' || st.type === 'ThrowStatement' || st.type === 'BreakStatement' || st.type === 'ContinueStatement') return true;
  return st.type === 'BlockStatement' && st.body.length > 0 && leaves(st.body[st.body.length - 1]);
}

/** What the instrumenter learns from conditional tests (see above and `polls`). */
export interface TestReads {
  /** Member expressions and calls in tests that guard a write of what they read. */
  guards: Set<Node>;
  /**
   * Member reads and tracked-variable reads in the test of an `if` whose branch stops a timer (`if
   * (job.status === 'done') { clearInterval(t); ... }`, `if (done) clearInterval(t)`): the test of a
   * poll on a timer's ticks, which reads until the value changes and then stops. They are
   * instrumented as polls, so that the first read already seeing the change (the first tick came
   * late) is polling too, as the ticks before it would have been. A read an interval makes on one
   * tick only, whose branch stops nothing, stays an ordinary read.
   */
  polls: Set<Node>;
  /**
   * Member reads and tracked-variable reads in the test of an `if` that leaves when it holds (`if
   * (this.closed) return;`, `if (!active) break;`): whatever follows in the block runs only for the
   * value the test saw. A flow that resumes, tests such a flag and then writes back what it read
   * before its await would not have written had another flow set the flag in between; the runtime
   * keeps these reads beside the write (detect.ts, exitExcludes).
   */
  exits: Set<Node>;
}

/** One walk over the program: guard reads, poll tests and exit tests. */
export function testReads(ast: Node, code: string, variableOf: VariableOf = NO_VARIABLES): TestReads {
  const guards = new Set<Node>();
  const polls = new Set<Node>();
  const exits = new Set<Node>();
  // `if (q.length === 0) return; q.shift()`: an early exit makes what follows the other branch. A
  // statement list is visited before the statements in it, so an `if` finds its rest here.
  // Kept as the list and the position after the `if`; sliced only when the test has guard candidates.
  const rest = new Map<Node, { list: readonly Node[]; from: number }>();
  visitAll(ast, (node) => {
    const list: readonly Node[] | undefined = node.type === 'BlockStatement' || node.type === 'Program' ? node.body : node.type === 'SwitchCase' ? node.consequent : undefined;
    if (list !== undefined) {
      list.forEach((st, i) => {
        if (st.type === 'IfStatement' && st.alternate === null && leaves(st.consequent)) {
          rest.set(st, { list, from: i + 1 });
          if (!suspends(st.test)) pollReads(st.test, variableOf, exits);
        }
      });
      return;
    }
    let test: Node;
    switch (node.type) {
      case 'IfStatement':
        test = node.test;
        if (!suspends(test) && stopsTimer(node.consequent)) pollReads(test, variableOf, polls);
        break;
      // `while (q.length) q.shift()`: the test that finds the queue empty takes nothing.
      case 'WhileStatement':
        test = node.test;
        break;
      // `q.length && q.shift()`, `m.has(k) || m.set(k, v)`, `q.length ? q.shift() : null`
      case 'LogicalExpression':
        test = node.left;
        break;
      case 'ConditionalExpression':
        test = node.test;
        break;
      default:
        return;
    }
    // The test's reads that could guard a write come first: most tests have none (`i < n`,
    // `x === undefined`), and then what the branches write is never asked.
    const candidates = guardCandidates(test, code, variableOf);
    if (candidates.length === 0 || suspends(test)) return;
    const writes = writesAfterTest(node, rest, code, variableOf);
    if (writes.size === 0) return;
    for (const { node: n, obj, written } of candidates) {
      if (obj !== null && writes.has(`#bound:${rootName(obj)}`)) continue;
      if (written.some((loc) => writes.has(loc))) guards.add(n);
    }
  });
  return { guards, polls, exits };
}

/**
 * The reads of a poll's test, or of an exit test: member reads (`job.status`) and reads of a tracked variable whose value
 * the test looks at (`if (done) clearInterval(t)`: programs keep such a flag in a `let` at least as
 * often as on an object). Not a variable read only to reach a property (the property is what is
 * polled), nor one the test assigns or updates (`if (++n === 6)`: a write, recorded apart).
 */
function pollReads(test: Node, variableOf: VariableOf, polls: Set<Node>): void {
  const reached = new Set<Node>();
  const look = (n: Node): unknown => {
    if ((n.type === 'AssignmentExpression' && n.left.type === 'Identifier') || (n.type === 'UpdateExpression' && n.argument.type === 'Identifier')) {
      if (n.type === 'AssignmentExpression') visitOwn(n.right, look);
      return STOP;
    }
    if (n.type === 'MemberExpression') {
      reached.add(n.object);
      if (!n.computed) polls.add(n);
    } else if (n.type === 'BinaryExpression' && n.operator === 'in' && n.left.type !== 'PrivateIdentifier') {
      reached.add(n.right);
      polls.add(n);
    } else if (n.type === 'Identifier' && !reached.has(n) && variableOf(n) !== undefined) polls.add(n);
    return undefined;
  };
  visitOwn(test, look);
}

/** A read in a test that can be a guard, with the names of the writes that would make it one. */
interface GuardCandidate {
  node: Node;
  /** The object's name (`this.queue`); null for a variable read, matched by the variable itself. */
  obj: string | null;
  /** Locations as branchWrites names them: a write to any of them makes the read a guard. */
  written: string[];
}

/**
 * The reads in a test that can be guards: `X.p` on a static chain, `X.has(k)`-like calls, and reads
 * of a tracked variable whose value is what the test looks at. A variable read only to reach a
 * property (`if (!conn.ready) conn = open()`) is not one: the test decides on the property, and a
 * branch that rebinds the variable writes another object's. Nor is a variable the test assigns
 * (`if ((x = f()))`) or updates (`if (++n === 6)`): those are writes, recorded apart.
 */
function guardCandidates(test: Node, code: string, variableOf: VariableOf): GuardCandidate[] {
  const out: GuardCandidate[] = [];
  // Objects of member expressions in the test; a parent is visited before its children.
  const reached = new Set<Node>();
  const look = (n: Node): unknown => {
    if ((n.type === 'AssignmentExpression' && n.left.type === 'Identifier') || (n.type === 'UpdateExpression' && n.argument.type === 'Identifier')) {
      if (n.type === 'AssignmentExpression') visitOwn(n.right, look);
      return STOP;
    }
    if (n.type === 'Identifier') {
      if (!reached.has(n)) variableRead(n, variableOf, out);
      return undefined;
    }
    const tested = keyTest(n);
    if (tested !== null) {
      reached.add(tested.object);
      const obj = objectName(tested.object);
      const loc = obj === null ? null : keyedLocation(obj, tested.key);
      if (loc !== null) out.push({ node: n, obj, written: [loc] });
      return undefined;
    }
    if (n.type === 'MemberExpression') {
      reached.add(n.object);
      const obj = objectName(n.object);
      const key = staticKey(n);
      if (obj !== null && key !== null) out.push({ node: n, obj, written: [key === 'length' || key === 'size' ? `${obj}#structure` : `${obj}.${key}`] });
      else {
        // `if (cache[k] === undefined) cache[k] = v`: the key in a variable, as a key test names it.
        const loc = computedLocation(n);
        if (loc !== null) out.push({ node: n, obj, written: [loc] });
      }
    } else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed) {
      const obj = objectName(n.callee.object);
      if (obj === null || !KEY_READERS.has(n.callee.property.name)) return undefined;
      const key = keyText(n, code);
      out.push({ node: n, obj, written: key !== null ? [`${obj}#anykey`, `${obj}#key:${key}`] : [`${obj}#anykey`] });
    }
    return undefined;
  };
  visitOwn(test, look);
  return out;
}

/** Adds a read of a tracked variable to `out` as a candidate. */
function variableRead(n: Node, variableOf: VariableOf, out: GuardCandidate[]): void {
  const cell = variableOf(n);
  if (cell !== undefined) out.push({ node: n, obj: null, written: [`#var:${cell}`] });
}

/** What the code a test decides on writes: its branches (and, after an early exit, the rest of the block). */
function writesAfterTest(node: Node, rest: Map<Node, { list: readonly Node[]; from: number }>, code: string, variableOf: VariableOf): Set<string> {
  switch (node.type) {
    case 'IfStatement': {
      const writes = branchWrites(node.consequent, code, variableOf);
      for (const w of branchWrites(node.alternate, code, variableOf)) writes.add(w);
      const after = rest.get(node);
      if (after !== undefined) statementsWrite(after.list.slice(after.from), code, variableOf, writes);
      return writes;
    }
    case 'WhileStatement':
      return branchWrites(node.body, code, variableOf);
    case 'LogicalExpression':
      return statementsWrite([node.right], code, variableOf);
    default:
      return statementsWrite([node.consequent, node.alternate], code, variableOf);
  }
}

/** A branch that calls clearInterval or clearTimeout unconditionally, before it first suspends. */
function stopsTimer(branch: Node): boolean {
  let stops = false;
  visitBeforeSuspending(branch.type === 'BlockStatement' ? branch.body : [branch], (n) => {
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && (n.callee.name === 'clearInterval' || n.callee.name === 'clearTimeout')) stops = true;
  });
  return stops;
}
