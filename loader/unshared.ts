// Unshared objects: accesses to an object no other flow can reach yet.
//
// A function's local that starts as a fresh object - an object or array literal, `new Map()`,
// `new Set()`, `new Array()` - is reachable from nowhere else until the function lets it out: passes
// it to a call, returns it, stores it, captures it in a closure, awaits or yields it. Until then only
// the running flow can touch it, so no access to it can race, and the instrumenter leaves such
// accesses alone: a function that builds an array or an object and then hands it on records only
// what happens after the hand-over. (Like the literal's own initialisation, which is never recorded:
// another flow that gets the object by a racy path is reported on that path.)
//
// One exception: a read before the hand-over can open the flow's read-await-write window on the
// object (read a field, hand the object to someone, await, write the field back: whoever updated it
// meanwhile is overwritten). So a read counts only when the function cannot suspend after it.
//
// Decided syntactically, where it cannot be wrong:
// - the variable is a `const`, or a `let` never assigned again, of a function that is no generator
//   (a generator's body runs in whichever flow resumes it), and no nested function refers to it;
// - every use before the first hand-over, in source order, is `v.p` / `v[k]` (read, written,
//   updated), or for arrays, maps and sets a call of a built-in method that keeps no reference to
//   it (`push`, `get`, `set`, `join`, ...; not `map` or `forEach`, whose callbacks get the collection);
// - a use inside a loop that also holds a hand-over, but not the declaration, may run after that
//   hand-over of the same object in an earlier iteration: it is not counted.
// The same holds for `this` in the constructor of a class that extends nothing, until the
// constructor hands it on or calls a method on it (see freshThis).
// A direct eval or a `with` anywhere in the file turns the analysis off.

import { FUNCTION_TYPES, type Node } from './ast.js';

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
  scopes: { variables: Variable[]; references: Reference[] }[];
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

/** Every node's parent and the key it sits under. */
function parents(ast: Node): Map<Node, [Node, string]> {
  const out = new Map<Node, [Node, string]>();
  const visit = (n: Node, parent: Node, key: string): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) visit(c, parent, key);
      return;
    }
    if (typeof n.type !== 'string') return;
    if (parent !== null) out.set(n, [parent, key]);
    for (const k in n) if (k !== 'type' && k !== 'loc' && k !== 'start' && k !== 'end') visit(n[k], n, k);
  };
  visit(ast, null, '');
  return out;
}

interface Body {
  loops: Node[];
  /** Offsets of the function's own awaits, yields and `for await` loops. */
  suspensions: number[];
}

/** The loops and suspension points of a function's own code (nested functions and classes left out). */
function ownBody(fn: Node): Body {
  const body: Body = { loops: [], suspensions: [] };
  const visit = (n: Node): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) visit(c);
      return;
    }
    if (typeof n.type !== 'string') return;
    if (n !== fn && (FUNCTION_TYPES.has(n.type) || n.type === 'ClassBody')) return;
    if (LOOPS.has(n.type)) body.loops.push(n);
    if (n.type === 'AwaitExpression' || n.type === 'YieldExpression' || (n.type === 'ForOfStatement' && n.await)) body.suspensions.push(n.start);
    for (const k in n) if (k !== 'type' && k !== 'loc' && k !== 'start' && k !== 'end') visit(n[k]);
  };
  visit(fn.body);
  return body;
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
  let parentOf: Map<Node, [Node, string]> | null = null;
  const bodies = new Map<Node, Body>();

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

      parentOf ??= parents(ast);
      const fn = vscope.block;
      let body = bodies.get(fn);
      if (body === undefined) bodies.set(fn, (body = ownBody(fn)));
      const declared = def.node.start;
      const handOvers: number[] = [];
      const uses: { member: Node; read: boolean }[] = [];
      for (const r of v.references) {
        if (r.init) continue;
        const use = classify(r.identifier, kind, parentOf);
        if (use === null) handOvers.push(r.identifier.start);
        else uses.push(use);
      }
      keepUnshared(uses, handOvers, body, declared, out);
    }
  }

  // `this` in the constructor of a class that extends nothing: a fresh object, as a local is.
  const classes: Node[] = [];
  collectClasses(ast, classes);
  for (const cls of classes) {
    const ctor = cls.body.body.find((m: Node) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    if (ctor === undefined || !freshThis(cls)) continue;
    parentOf ??= parents(ast);
    const fn = ctor.value;
    const handOvers: number[] = [];
    const uses: { member: Node; read: boolean }[] = [];
    let captured = false;
    forEachThis([fn.params, fn.body], (node, inArrow) => {
      if (inArrow) captured = true;
      const use = classify(node, 'object', parentOf!);
      if (use === null) handOvers.push(node.start);
      else uses.push(use);
    });
    // An arrow function made in the constructor keeps `this` for whoever calls it later.
    if (captured) continue;
    keepUnshared(uses, handOvers, ownBody(fn), fn.start, out);
  }
  return out;
}

/**
 * Adds to `out` the uses that come before every hand-over (and, for reads, before every suspension
 * point) of an object declared at offset `declared` in the function whose own code is `body`.
 */
function keepUnshared(uses: { member: Node; read: boolean }[], handOvers: number[], body: Body, declared: number, out: Set<Node>): void {
  for (const { member, read } of uses) {
    const at = member.start;
    // A loop around the use and not around the declaration runs it again for the same object.
    const loops = body.loops.filter((l) => within(l, at) && !within(l, declared));
    if (handOvers.some((h) => h < at || loops.some((l) => within(l, h)))) continue;
    if (read && body.suspensions.some((s) => s > at || loops.some((l) => within(l, s)))) continue;
    out.add(member);
  }
}

function collectClasses(n: Node, out: Node[]): void {
  if (n === null || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const c of n) collectClasses(c, out);
    return;
  }
  if (typeof n.type !== 'string') return;
  if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') out.push(n);
  for (const k in n) if (k !== 'type' && k !== 'loc' && k !== 'start' && k !== 'end') collectClasses(n[k], out);
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
      if (m.value.type === 'ThisExpression' || uses) return false;
    }
  }
  return true;
}

/** Calls `fn` for each `this` of the code `n` runs as its own (arrow functions included, flagged). */
function forEachThis(n: Node, fn: (node: Node, inArrow: boolean) => void, inArrow = false): void {
  if (n === null || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const c of n) forEachThis(c, fn, inArrow);
    return;
  }
  if (typeof n.type !== 'string') return;
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
  for (const k in n) if (k !== 'type' && k !== 'loc' && k !== 'start' && k !== 'end') forEachThis(n[k], fn, arrow);
}

/**
 * How the identifier `id` naming a fresh object of `kind` is used: an access (the member expression,
 * and whether it reads), or null when the use may let the object out.
 */
function classify(id: Node, kind: Kind, parentOf: Map<Node, [Node, string]>): { member: Node; read: boolean } | null {
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
    return KEEPS_NOTHING[kind].has(member.property.name) ? { member, read: true } : null;
  }
  // A tagged template calls its tag with the object as `this`.
  if (parent.type === 'TaggedTemplateExpression' && role === 'tag') return null;
  if (parent.type === 'ChainExpression') return null;
  const write = parent.type === 'AssignmentExpression' && role === 'left' && parent.operator === '=';
  return { member, read: !write };
}
