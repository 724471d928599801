// Redundant accesses: sites the runtime would find "already seen" every time they run.
//
// The runtime skips an access when the same flow touched the same location earlier in the same
// synchronous stretch (same context, segment and time: FastTrack's same epoch), keeping the first one:
// a later access in that stretch can race with nothing the first does not. Within one invocation of
// one function, code between two points with no `await` or `yield` between them runs in one stretch,
// since a synchronous call returns to the same flow and segment. So when every path to a site passes,
// in the same invocation and with no suspension between, a recorded access to the same location that
// covers it (a write covers writes; a read covers reads, and an update both), the site adds nothing
// and is left uninstrumented: no runtime call at all.
//
// "Same location" is decided syntactically and only where it cannot be wrong: `this.p`, or `v.p` where
// `v` is a variable never assigned after its declaration (a const, a parameter nobody reassigns), and
// tracked module or closure bindings. The analysis is a forward "available accesses" pass per
// function body: branches start from what held before them and keep only what all of them add;
// loops carry in what held before them unless they suspend; anything it does not model starts from
// nothing.

import { ANONYMOUS_VALUES, FUNCTION_TYPES, type Node, optionalBelow, patternTargets, suspends } from './ast.js';

const READ = 1;
const WRITE = 2;
type Avail = Map<string, number>;

interface ScopeVariable {
  name: string;
  defs: { type: string }[];
  references: { isWrite(): boolean; init?: boolean; from: { variableScope: unknown } }[];
  scope: { variableScope: unknown };
}

interface ScopeManagerLike {
  scopes: { references: { identifier: Node; resolved: ScopeVariable | null }[] }[];
}

/**
 * The member expressions, update arguments and identifiers the instrumenter can leave alone.
 * `tracked` maps identifier nodes of tracked bindings to their cell names (see instrument.ts).
 * `updates` receives the assignments `o.p = <value reading o.p>` to record as updates.
 */
export function redundantAccesses(ast: Node, scopes: ScopeManagerLike, tracked: Map<Node, string>, code: string, updates: Set<Node> = new Set(), unshared: ReadonlySet<Node> = new Set()): Set<Node> {
  const redundant = new Set<Node>();
  // A direct eval can rebind any variable in reach; `arguments` aliases sloppy-mode parameters.
  if (/\beval\s*\(/.test(code)) return redundant;
  const paramsStable = !/\barguments\b/.test(code);

  const resolved = new Map<Node, ScopeVariable>();
  for (const scope of scopes.scopes) for (const ref of scope.references) if (ref.resolved) resolved.set(ref.identifier, ref.resolved);
  const ids = new Map<ScopeVariable, string>();
  const stable = new Map<ScopeVariable, boolean>();

  /**
   * A variable whose value only its own function changes: between two of its assignments it names
   * one object. (A closure could reassign it during any call; a direct eval or a sloppy-mode
   * `arguments` could too.) Its keys are dropped at each assignment (see `assigned`).
   */
  function isStable(v: ScopeVariable): boolean {
    let s = stable.get(v);
    if (s === undefined) {
      const def = v.defs.length === 1 ? v.defs[0].type : '';
      const own = v.references.every((r) => !r.isWrite() || r.from.variableScope === v.scope.variableScope);
      s = own && (def === 'Variable' || def === 'CatchClause' || def === 'ClassName' || (def === 'Parameter' && paramsStable));
      stable.set(v, s);
    }
    return s;
  }

  /** `id` (an identifier being assigned) names another value from here on. */
  function assigned(id: Node, a: Avail): void {
    const v = resolved.get(id);
    const prefix = v === undefined ? undefined : ids.get(v);
    if (prefix === undefined) return;
    for (const k of [...a.keys()]) if (k.startsWith(`${prefix}.`)) a.delete(k);
  }

  /**
   * The location a static member access names, or null when its object may differ between sites (or
   * is `super`, or sits behind an optional link).
   */
  function memberKey(m: Node): string | null {
    if (m.computed || m.optional || optionalBelow(m.object)) return null;
    const key = m.property.type === 'PrivateIdentifier' ? `#${m.property.name}` : m.property.name;
    const o = m.object;
    if (o.type === 'ThisExpression') return `this.${key}`;
    if (o.type !== 'Identifier') return null;
    const v = resolved.get(o);
    if (v === undefined || !isStable(v)) return null;
    let id = ids.get(v);
    if (id === undefined) {
      id = `v${ids.size}`;
      ids.set(v, id);
    }
    return `${id}.${key}`;
  }

  // The key an assignment `o.p = <value>` writes while its value is walked, and whether the value read
  // it (see the member assignment below).
  let selfKey: string | null = null;
  let selfRead = false;

  /**
   * Records an access of `kind` to `key`; marks `node` when an earlier one already covers it. A read
   * covers reads, a write covers writes. A write does not cover a later read: the runtime records a
   * flow's read after its own write, since it starts the flow's next read-await-write window.
   */
  function access(a: Avail, key: string | null, kind: number, node: Node, removable = true): void {
    // An access to an unshared object (unshared.ts) is not recorded, so it covers nothing.
    if (key === null || unshared.has(node)) return;
    const had = a.get(key) ?? 0;
    if ((had & kind) === kind) {
      if (kind === READ && key === selfKey) selfRead = true;
      if (removable) redundant.add(node);
      return;
    }
    a.set(key, had | kind);
  }

  /**
   * After branches that each started from a copy of `a`: what every one of them holds, at the weakest
   * kind among them (a branch only adds to its copy, or drops what an assignment made stale).
   */
  function meet(a: Avail, branches: Avail[]): void {
    a.clear();
    for (const [k, v] of branches[0]) {
      let all = v;
      for (const b of branches) all &= b.get(k) ?? 0;
      if (all > 0) a.set(k, all);
    }
  }

  /** Something evaluated only sometimes: analysed from a copy, then forgotten (all of it, if it suspends). */
  function conditional(a: Avail, n: Node, visit: (n: Node, a: Avail) => void): void {
    if (n === null || n === undefined) return;
    visit(n, new Map(a));
    if (suspends(n)) a.clear();
  }

  function unit(fn: Node): void {
    const a: Avail = new Map();
    for (const p of fn.params ?? []) pattern(p, a);
    if (fn.body.type === 'BlockStatement') statements(fn.body.body, a);
    else expr(fn.body, a);
  }

  function classUnit(cls: Node): void {
    if (cls.superClass) expr(cls.superClass, new Map());
    for (const m of cls.body.body) {
      if (m.computed) expr(m.key, new Map());
      if (m.type === 'StaticBlock') statements(m.body, new Map());
      else if (m.value) expr(m.value, new Map());
    }
  }

  /**
   * A destructuring target: defaults run only when a value is missing, and the targets themselves are
   * not recorded accesses, so nothing here covers anything after it.
   */
  function pattern(p: Node, a: Avail): void {
    if (p === null) return;
    if (p.type !== 'Identifier') {
      patternIn(p, new Map(a));
      if (suspends(p)) a.clear();
    }
    for (const id of patternTargets(p)) assigned(id, a);
  }

  function patternIn(p: Node, b: Avail): void {
    if (p === null) return;
    switch (p.type) {
      case 'MemberExpression':
        callee(p, b);
        return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') patternIn(prop.argument, b);
          else {
            if (prop.computed) expr(prop.key, b);
            patternIn(prop.value, b);
          }
        }
        return;
      case 'ArrayPattern':
        for (const el of p.elements) patternIn(el, b);
        return;
      case 'RestElement':
        patternIn(p.argument, b);
        return;
      case 'AssignmentPattern':
        conditional(b, p.right, expr);
        patternIn(p.left, b);
        return;
      default:
        return;
    }
  }

  function statements(list: Node[], a: Avail): void {
    for (const st of list) statement(st, a);
  }

  function statement(n: Node, a: Avail): void {
    if (n === null) return;
    switch (n.type) {
      case 'ExpressionStatement':
        expr(n.expression, a);
        return;
      case 'VariableDeclaration':
        for (const d of n.declarations) {
          if (d.init) expr(d.init, a);
          pattern(d.id, a);
        }
        return;
      case 'ReturnStatement':
      case 'ThrowStatement':
        if (n.argument) expr(n.argument, a);
        return;
      case 'BlockStatement':
        statements(n.body, a);
        return;
      case 'IfStatement': {
        expr(n.test, a);
        const yes = new Map(a);
        statement(n.consequent, yes);
        const no = new Map(a);
        if (n.alternate) statement(n.alternate, no);
        if (suspends(n.consequent) || (n.alternate && suspends(n.alternate))) a.clear();
        else meet(a, [yes, no]);
        return;
      }
      case 'ForStatement': {
        if (n.init?.type === 'VariableDeclaration') statement(n.init, a);
        else if (n.init) expr(n.init, a);
        const loops = suspends(n.test) || suspends(n.update) || suspends(n.body);
        const each: Avail = loops ? new Map() : new Map(a);
        if (n.test) expr(n.test, each);
        statement(n.body, new Map(each));
        if (n.update) expr(n.update, new Map(each));
        if (loops) a.clear();
        else if (n.test) for (const [k, v] of each) a.set(k, v);
        return;
      }
      case 'WhileStatement': {
        const loops = suspends(n);
        const each: Avail = loops ? new Map() : new Map(a);
        expr(n.test, each);
        statement(n.body, new Map(each));
        if (loops) a.clear();
        else for (const [k, v] of each) a.set(k, v);
        return;
      }
      case 'DoWhileStatement': {
        const loops = suspends(n);
        const each: Avail = loops ? new Map() : new Map(a);
        statement(n.body, each);
        expr(n.test, new Map(loops ? [] : a));
        if (loops) a.clear();
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        expr(n.right, a);
        const loops = suspends(n);
        const each: Avail = loops ? new Map() : new Map(a);
        const left = n.left.type === 'VariableDeclaration' ? n.left.declarations[0].id : n.left;
        pattern(left, each);
        statement(n.body, each);
        if (loops) a.clear();
        else pattern(left, a);
        return;
      }
      case 'SwitchStatement': {
        expr(n.discriminant, a);
        const loops = suspends(n);
        for (const c of n.cases) {
          // A case's body is also reached by falling through, without its test.
          if (c.test) expr(c.test, loops ? new Map() : new Map(a));
          statements(c.consequent, loops ? new Map() : new Map(a));
        }
        if (loops) a.clear();
        return;
      }
      case 'TryStatement': {
        const body = suspends(n.block);
        statement(n.block, new Map(a));
        if (n.handler) {
          const h: Avail = body ? new Map() : new Map(a);
          if (n.handler.param) pattern(n.handler.param, h);
          statement(n.handler.body, h);
        }
        if (n.finalizer) statement(n.finalizer, body || (n.handler && suspends(n.handler)) ? new Map() : new Map(a));
        if (suspends(n)) a.clear();
        return;
      }
      case 'LabeledStatement':
        statement(n.body, new Map(a));
        if (suspends(n)) a.clear();
        return;
      case 'FunctionDeclaration':
        unit(n);
        return;
      case 'ClassDeclaration':
        classUnit(n);
        return;
      case 'ExportNamedDeclaration':
        if (n.declaration) statement(n.declaration, a);
        return;
      case 'ExportDefaultDeclaration':
        if (n.declaration.type === 'FunctionDeclaration' || n.declaration.type === 'ClassDeclaration') statement(n.declaration, a);
        else expr(n.declaration, a);
        return;
      case 'WithStatement':
        // Names inside may be the object's properties; the instrumenter leaves the body alone.
        expr(n.object, a);
        a.clear();
        return;
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      default:
        conditional(a, n, (x, b) => generic(x, b, true));
    }
  }

  function expr(n: Node, a: Avail): void {
    if (n === null || n === undefined) return;
    switch (n.type) {
      case 'Identifier': {
        const cell = tracked.get(n);
        if (cell !== undefined) access(a, `b:${cell}`, READ, n);
        return;
      }
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'MetaProperty':
      case 'TemplateElement':
      case 'PrivateIdentifier':
        return;
      case 'MemberExpression':
        memberParts(n, a);
        access(a, memberKey(n), READ, n);
        return;
      case 'ChainExpression':
        conditional(a, n.expression, expr);
        return;
      case 'CallExpression':
      case 'NewExpression': {
        if (n.optional || optionalBelow(n.callee)) {
          conditional(a, n, (x, b) => {
            callee(x.callee, b);
            for (const arg of x.arguments) expr(arg, b);
          });
          return;
        }
        callee(n.callee, a);
        for (const arg of n.arguments) expr(arg, a);
        return;
      }
      case 'TaggedTemplateExpression':
        callee(n.tag, a);
        for (const e of n.quasi.expressions) expr(e, a);
        return;
      case 'AssignmentExpression':
        assignment(n, a);
        return;
      case 'UpdateExpression': {
        const t = n.argument;
        // `o.p++` and `x++` are recorded as updates: a read and a write.
        if (t.type === 'MemberExpression') {
          memberParts(t, a);
          access(a, memberKey(t), READ | WRITE, t);
        } else if (t.type === 'Identifier') {
          assigned(t, a);
          const cell = tracked.get(t);
          if (cell !== undefined) access(a, `b:${cell}`, READ | WRITE, t);
        }
        return;
      }
      case 'UnaryExpression':
        if (n.operator === 'delete' && n.argument.type === 'MemberExpression') {
          const t = n.argument;
          memberParts(t, a);
          const key = memberKey(t);
          if (key !== null) a.delete(key);
          return;
        }
        expr(n.argument, a);
        return;
      case 'LogicalExpression':
        expr(n.left, a);
        conditional(a, n.right, expr);
        return;
      case 'ConditionalExpression': {
        expr(n.test, a);
        const yes = new Map(a);
        expr(n.consequent, yes);
        const no = new Map(a);
        expr(n.alternate, no);
        if (suspends(n.consequent) || suspends(n.alternate)) a.clear();
        else meet(a, [yes, no]);
        return;
      }
      case 'AwaitExpression':
      case 'YieldExpression':
        if (n.argument) expr(n.argument, a);
        a.clear();
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        unit(n);
        return;
      case 'ClassExpression':
        classUnit(n);
        return;
      case 'ObjectExpression':
        for (const p of n.properties) {
          if (p.type === 'SpreadElement') expr(p.argument, a);
          else {
            if (p.computed) expr(p.key, a);
            expr(p.value, a);
          }
        }
        return;
      case 'SequenceExpression':
      case 'ArrayExpression':
      case 'TemplateLiteral':
      case 'BinaryExpression':
      case 'SpreadElement':
      case 'ImportExpression':
        generic(n, a, false);
        return;
      default:
        conditional(a, n, (x, b) => generic(x, b, true));
    }
  }

  /** A callee is evaluated for its value and its `this`, not read as a tracked property. */
  function callee(c: Node, a: Avail): void {
    if (c.type === 'MemberExpression') memberParts(c, a);
    else expr(c, a);
  }

  /**
   * The object and computed key of a member expression, evaluated before the member itself; behind
   * an optional link, only sometimes.
   */
  function memberParts(m: Node, a: Avail): void {
    if (m.optional || optionalBelow(m.object)) {
      conditional(a, m, (x, b) => {
        expr(x.object, b);
        if (x.computed) expr(x.property, b);
      });
      return;
    }
    expr(m.object, a);
    if (m.computed) expr(m.property, a);
  }

  function assignment(n: Node, a: Avail): void {
    const left = n.left;
    const op: string = n.operator;
    const logical = op === '||=' || op === '&&=' || op === '??=';
    if (left.type === 'MemberExpression') {
      if (op === '=' && ANONYMOUS_VALUES.has(n.right.type) && !n.right.id) {
        // Left as written by the instrumenter (the function takes its name from the target).
        expr(n.right, a);
        return;
      }
      memberParts(left, a);
      const key = memberKey(left);
      if (suspends(n.right) || unshared.has(left)) {
        // Announced now, recorded when the value arrives: neither removable nor covering. (A write to
        // an unshared object is not recorded at all, and its value's reads are reads like any other.)
        expr(n.right, a);
        return;
      }
      // The write is recorded before the value is computed (`__rd$.w(o, "p", S).p = v`); `o.p += v` and
      // `o.p ??= v` are recorded as updates (`__rd$.u`), a read and a write.
      access(a, key, op === '=' ? WRITE : READ | WRITE, left);
      if (logical) conditional(a, n.right, expr);
      else if (key !== null && op === '=') {
        // `o.p = f(o.p)`: the engine reads o.p before it writes it, but the rewritten write is recorded
        // first. Such an assignment is recorded as an update (a read and a write in one step, as
        // `o.p += x` is), and the reads of o.p in its value are left alone.
        const outerKey = selfKey;
        const outerRead = selfRead;
        const had = a.get(key) ?? 0;
        selfKey = key;
        selfRead = false;
        a.set(key, READ | WRITE);
        expr(n.right, a);
        if (selfRead) updates.add(n);
        else if (a.get(key) === (READ | WRITE)) a.set(key, had);
        selfKey = outerKey;
        selfRead = outerRead;
      } else expr(n.right, a);
      return;
    }
    if (left.type === 'Identifier') {
      const cell = tracked.get(left);
      const key = cell === undefined ? null : `b:${cell}`;
      if (logical) {
        // One read and a conditional write share a site: kept whole.
        access(a, key, READ, left, false);
        conditional(a, n.right, expr);
        assigned(left, a);
        return;
      }
      if (op !== '=' && suspends(n.right)) {
        access(a, key, READ, left, false);
        expr(n.right, a);
        assigned(left, a);
        access(a, key, WRITE, left, false);
        return;
      }
      // `x = v` and `x op= v`: recorded once the value is known.
      expr(n.right, a);
      assigned(left, a);
      access(a, key, WRITE, left);
      return;
    }
    // Destructuring assignment: the value is read as a whole; targets are not recorded accesses.
    expr(n.right, a);
    pattern(left, a);
  }

  /**
   * Children in source order (which is evaluation order for the node types sent here). `cautious`:
   * an unfamiliar node, whose function-like children are analysed on their own.
   */
  function generic(n: Node, a: Avail, cautious: boolean): void {
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const v = n[key];
      const each = (c: Node): void => {
        if (c === null || typeof c !== 'object' || typeof c.type !== 'string') return;
        if (FUNCTION_TYPES.has(c.type)) unit(c);
        else if (c.type === 'ClassExpression' || c.type === 'ClassDeclaration') classUnit(c);
        else if (cautious && /Statement|Declaration/.test(c.type)) statement(c, a);
        else if (/Pattern|RestElement/.test(c.type)) pattern(c, a);
        else expr(c, a);
      };
      if (Array.isArray(v)) v.forEach(each);
      else each(v);
    }
  }

  statements(ast.body, new Map());
  return redundant;
}
