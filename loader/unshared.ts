// Unshared objects: accesses to an object no other flow can reach.
//
// A function's local that starts as a fresh object - an object or array literal, `new Map()`,
// `new Set()`, `new Array()` - is reachable from nowhere else until the function lets it out: passes
// it to a call, returns it, stores it, captures it in a closure, awaits or yields it ("hands it on").
// Until then only the running flow can touch it. What the instrumenter leaves alone:
// - every access to an object the function never hands on (a scratch Map, a local counter object):
//   nothing else ever sees it;
// - plain writes (`o.p = v`, `o[k] = v`) before the first hand-over: like the literal's own
//   initialisation, which is never recorded, they race with nothing (another flow that gets the
//   object by a racy path is reported on that path).
// Reads, updates and method calls before a hand-over are still recorded: a read can open the flow's
// read-await-write window (read a field, hand the object on, await - here or in a caller, to which
// the value was returned - and write the field back: whoever updated it meanwhile is overwritten).
//
// Decided syntactically, where it cannot be wrong:
// - the variable is a `const`, or a `let` never assigned again, of a function that is no generator
//   (a generator's body runs in whichever flow resumes it), and no nested function refers to it;
// - a use is `v.p` / `v[k]`, or for arrays, maps and sets a call of a built-in method that keeps no
//   reference to it (`push`, `get`, `set`, `join`, ...; not `map` or `forEach`, whose callbacks get
//   the collection); any other use hands the object on;
// - a use inside a loop that also holds a hand-over, but whose body does not hold the declaration,
//   may run after that hand-over of the same object in an earlier turn: it comes after the hand-over.
// The same holds for `this` in the constructor of a class that extends nothing (see freshThis), which
// `new` always hands on when the constructor returns: only its plain writes before any hand-over.
// A direct eval or a `with` anywhere in the file turns the analysis off. Not modelled: a built-in
// method or a setter the program replaces or adds on Object.prototype, Array.prototype,
// Map.prototype or Set.prototype, or a global Map or Set it replaces, that keeps the object it is
// called on.

import { FUNCTION_TYPES, type Node, eachChild } from './ast.js';

interface Reference {
  identifier: Node;
  from: { variableScope: unknown };
  resolved: Variable | null;
  init?: boolean;
  isWrite(): boolean;
}

interface Variable {
  name: string;
  defs: { type: string; node: Node; parent: Node }[];
  references: Reference[];
  scope: { variableScope: { type: string; block: Node } };
}

interface ScopeManagerLike {
  scopes: { type: string; block: Node; variables: Variable[]; references: Reference[] }[];
}

type Kind = 'object' | 'array' | 'map' | 'set';

/** Built-in methods that read or change the collection and keep no reference to it. */
const KEEPS_NOTHING: Record<Exclude<Kind, 'object'>, Set<string>> = {
  array: new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'indexOf', 'lastIndexOf', 'includes', 'join', 'slice', 'concat', 'at', 'flat']),
  map: new Set(['get', 'set', 'has', 'delete', 'clear']),
  set: new Set(['add', 'has', 'delete', 'clear']),
};

const CONSTRUCTED: Record<string, Kind> = { Array: 'array', Map: 'map', Set: 'set' };

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * What a fresh object is, or null. An object literal counts only when reading or writing its
 * properties can run none of the program's code with the object as `this` (no getters, setters or
 * methods, no `__proto__`).
 */
function freshKind(init: Node, globals: Set<Node>): Kind | null {
  if (!init) return null;
  if (init.type === 'ArrayExpression') return 'array';
  if (init.type === 'ObjectExpression') {
    for (const p of init.properties) {
      if (p.type !== 'Property') continue; // a spread copies another object's values
      if (p.kind !== 'init' || p.method) return null;
      if (!p.computed && ((p.key.type === 'Identifier' && p.key.name === '__proto__') || p.key.value === '__proto__')) return null;
    }
    return 'object';
  }
  if (init.type === 'NewExpression' && init.callee.type === 'Identifier' && globals.has(init.callee)) return CONSTRUCTED[init.callee.name] ?? null;
  return null;
}

/**
 * The parent, and the key it sits under, of every node in a function's own code (its parameters and
 * body, nested functions left out): the uses `classify` looks at all lie there, since a variable
 * referred to from a nested function is no candidate. Built per function that has a candidate, not
 * for the whole file: a parent map of every node of a 100 KB module was a tenth of instrumenting it.
 */
function ownParents(fn: Node): Map<Node, [Node, string]> {
  const out = new Map<Node, [Node, string]>();
  const visit = (n: Node): void =>
    eachChild(n, (child, key) => {
      out.set(child, [n, key]);
      if (!FUNCTION_TYPES.has(child.type)) visit(child);
    });
  for (const p of fn.params) {
    out.set(p, [fn, 'params']);
    visit(p);
  }
  out.set(fn.body, [fn, 'body']);
  visit(fn.body);
  return out;
}

/** The loops of a function's own code (nested functions left out; a nested class's computed keys in). */
function ownLoops(fn: Node): Node[] {
  const loops: Node[] = [];
  const visit = (n: Node): void => {
    if (FUNCTION_TYPES.has(n.type)) return;
    if (n.type === 'ClassBody') {
      for (const m of n.body) if (m.computed) visit(m.key);
      return;
    }
    if (LOOPS.has(n.type)) loops.push(n);
    eachChild(n, visit);
  };
  for (const p of fn.params) visit(p);
  visit(fn.body);
  return loops;
}

const within = (outer: Node, at: number): boolean => outer.start <= at && at < outer.end;

/**
 * The member expressions (for a method call, its callee) of accesses to unshared objects: the
 * instrumenter leaves them as they are.
 */
export function unsharedAccesses(ast: Node, scopes: ScopeManagerLike, code: string): Set<Node> {
  const out = new Set<Node>();
  if (/\beval\s*\(/.test(code) || /\bwith\s*\(/.test(code)) return out;
  const globals = new Set<Node>();
  for (const scope of scopes.scopes) for (const ref of scope.references) if (ref.resolved === null) globals.add(ref.identifier);
  // What the analysis needs of a function's own code, found once per function that has a candidate
  // (several locals, or a constructor's `this` and its locals).
  const ownCode = new Map<Node, { parents: Map<Node, [Node, string]>; loops: Node[] }>();
  const ownCodeOf = (fn: Node): { parents: Map<Node, [Node, string]>; loops: Node[] } => {
    let c = ownCode.get(fn);
    if (c === undefined) ownCode.set(fn, (c = { parents: ownParents(fn), loops: ownLoops(fn) }));
    return c;
  };

  for (const scope of scopes.scopes) {
    for (const v of scope.variables) {
      const vscope = v.scope.variableScope;
      if (vscope.type !== 'function' || vscope.block.type === 'Program' || vscope.block.generator) continue;
      if (v.defs.length !== 1) continue;
      const def = v.defs[0];
      if (def.type !== 'Variable' || (def.parent.kind !== 'const' && def.parent.kind !== 'let') || def.node.id.type !== 'Identifier') continue;
      const kind = freshKind(def.node.init, globals);
      if (kind === null) continue;
      // Assigned again, or referred to from a nested function (which may run in any flow, at any time).
      if (v.references.some((r) => (r.isWrite() && !r.init) || r.from.variableScope !== vscope)) continue;

      const { parents: parentOf, loops } = ownCodeOf(vscope.block);
      const declared = def.node.start;
      const handOvers: number[] = [];
      const uses: Use[] = [];
      for (const r of v.references) {
        if (r.init) continue;
        const use = classify(r.identifier, kind, parentOf);
        if (use === null) handOvers.push(r.identifier.start);
        else uses.push(use);
      }
      keepUnshared(uses, handOvers, loops, declared, out);
    }
  }

  // `this` in the constructor of a class that extends nothing: a fresh object, as a local is.
  // Every class has a scope of its own (eslint-scope's `class` scope), in source order.
  for (const scope of scopes.scopes) {
    if (scope.type !== 'class') continue;
    const cls = scope.block;
    const ctor = cls.body.body.find((m: Node) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    if (ctor === undefined || !freshThis(cls)) continue;
    const fn = ctor.value;
    const { parents: parentOf, loops } = ownCodeOf(fn);
    // `new` hands `this` on when the constructor returns.
    const handOvers: number[] = [fn.end];
    const uses: Use[] = [];
    let captured = false;
    const note = (node: Node, inArrow: boolean): void => {
      if (inArrow) captured = true;
      const use = classify(node, 'object', parentOf);
      if (use === null) handOvers.push(node.start);
      else uses.push(use);
    };
    for (const p of fn.params) forEachThis(p, note);
    forEachThis(fn.body, note);
    // An arrow function made in the constructor keeps `this` for whoever calls it later.
    if (captured) continue;
    keepUnshared(uses, handOvers, loops, fn.start, out);
  }
  return out;
}

/**
 * Adds to `out` the uses of an object declared at offset `declared`, in a function whose own loops
 * are `loops`, that the instrumenter can leave alone: all of them if it is never handed on, else the
 * plain writes before every hand-over.
 */
function keepUnshared(uses: Use[], handOvers: number[], loops: Node[], declared: number, out: Set<Node>): void {
  // `b` can run after `a` for the same object: later in the source, or in a later turn of a loop
  // around both (a loop whose body declares it makes a new object each turn; a `for` head's
  // declaration runs once).
  const after = (a: number, b: number): boolean => b > a || loops.some((l) => within(l, a) && within(l, b) && !within(l.body, declared));
  for (const { member, write } of uses) {
    if (handOvers.length === 0 || (write && !handOvers.some((h) => after(h, member.start)))) out.add(member);
  }
}

/**
 * Whether `this` is a fresh object when the class's constructor body starts, and stays one while it
 * only reads and writes fields: no base class (its constructor could hand `this` on), no accessors
 * (a field write could run a setter with `this`), and no instance field whose initialiser, which runs
 * first, uses `this`.
 */
function freshThis(cls: Node): boolean {
  if (cls.superClass !== null) return false;
  for (const m of cls.body.body) {
    if (m.type === 'MethodDefinition' && (m.kind === 'get' || m.kind === 'set')) return false;
    if (m.type === 'PropertyDefinition' && !m.static && m.value !== null) {
      let uses = false;
      forEachThis(m.value, () => (uses = true));
      if (uses) return false;
    }
  }
  return true;
}

/** Calls `fn` for each `this` of the code `n` runs as its own (arrow functions included, flagged). */
function forEachThis(n: Node, fn: (node: Node, inArrow: boolean) => void, inArrow = false): void {
  if (n.type === 'ThisExpression') {
    fn(n, inArrow);
    return;
  }
  // Other functions have a `this` of their own, and so do a nested class's members, except for their
  // computed keys.
  if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return;
  if (n.type === 'ClassBody') {
    for (const m of n.body) if (m.computed) forEachThis(m.key, fn, inArrow);
    return;
  }
  const arrow = inArrow || n.type === 'ArrowFunctionExpression';
  eachChild(n, (child) => forEachThis(child, fn, arrow));
}

/** An access to a fresh object: its member expression, and whether it is a plain write. */
interface Use {
  member: Node;
  write: boolean;
}

/** How the identifier `id` naming a fresh object of `kind` is used: an access, or null when the use may hand it on. */
function classify(id: Node, kind: Kind, parentOf: Map<Node, [Node, string]>): Use | null {
  const up = parentOf.get(id);
  if (up === undefined) return null;
  const [member, key] = up;
  if (member.type !== 'MemberExpression' || key !== 'object' || member.optional) return null;
  const outer = parentOf.get(member);
  if (outer === undefined) return null;
  const [parent, role] = outer;
  if (parent.type === 'CallExpression' && role === 'callee') {
    // A method call passes the object as `this`: only built-ins known to keep nothing.
    if (kind === 'object' || member.computed || parent.optional) return null;
    return KEEPS_NOTHING[kind].has(member.property.name) ? { member, write: false } : null;
  }
  // A tagged template calls its tag with the object as `this`.
  if (parent.type === 'TaggedTemplateExpression' && role === 'tag') return null;
  if (parent.type === 'ChainExpression') return null;
  return { member, write: parent.type === 'AssignmentExpression' && role === 'left' && parent.operator === '=' };
}
