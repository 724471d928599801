// Small facts about ESTree nodes shared by the instrumenter and its analyses.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Values that take their name (in stacks) from the assignment target. */
export const ANONYMOUS_VALUES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression']);

const isNode = (v: unknown): boolean => v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';

/** Calls `fn` with each child node of `n` and the key it sits under (arrays of nodes flattened). */
export function eachChild(n: Node, fn: (child: Node, key: string) => void): void {
  for (const key in n) {
    if (key === 'type' || key === 'loc' || key === 'start' || key === 'end') continue;
    const v = n[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) fn(c, key);
    } else if (isNode(v)) fn(v, key);
  }
}

/** True when `node`, not counting nested functions and classes, contains a node that passes `test`. */
function containsOwn(node: Node, test: (n: Node) => boolean): boolean {
  let found = false;
  const visit = (n: Node): void => {
    if (found) return;
    if (test(n)) {
      found = true;
      return;
    }
    if (FUNCTION_TYPES.has(n.type) || n.type === 'ClassBody') return;
    eachChild(n, visit);
  };
  for (const n of Array.isArray(node) ? node : [node]) if (isNode(n)) visit(n);
  return found;
}

/** True when `node` (not counting nested functions) contains an await or a yield. */
export function suspends(node: Node): boolean {
  return containsOwn(node, (n) => n.type === 'AwaitExpression' || n.type === 'YieldExpression' || (n.type === 'ForOfStatement' && n.await));
}

/** True when `node` (not counting nested functions) contains a yield: what follows may run in another flow. */
export function yields(node: Node): boolean {
  return containsOwn(node, (n) => n.type === 'YieldExpression');
}

/** True when an optional link inside this chain part could short-circuit what wraps it. */
export function optionalBelow(node: Node): boolean {
  let n = node;
  while (n) {
    if (n.type === 'MemberExpression' || n.type === 'CallExpression') {
      if (n.optional) return true;
      n = n.type === 'MemberExpression' ? n.object : n.callee;
    } else return false;
  }
  return false;
}

/** The position past any whitespace and comments at `i`. */
export function skipTrivia(code: string, i: number): number {
  for (;;) {
    while (i < code.length && /\s/.test(code[i])) i++;
    if (code.startsWith('//', i)) {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl + 1;
    } else if (code.startsWith('/*', i)) {
      const close = code.indexOf('*/', i + 2);
      i = close < 0 ? code.length : close + 2;
    } else return i;
  }
}

/**
 * Where an arrow function's `=>` is: after its parameters, past comments (`(a /* a => b *\/) => ...`
 * holds a `=>` of no arrow). -1 if not found.
 */
export function arrowAt(code: string, fn: Node): number {
  const end = fn.body.start;
  for (let i = fn.params.length > 0 ? fn.params[fn.params.length - 1].end : fn.start; i < end; i++) {
    i = skipTrivia(code, i);
    if (code.startsWith('=>', i)) return i;
  }
  return -1;
}

/**
 * What a destructuring pattern assigns, in source order: its identifiers, and with `members` its
 * member-expression targets too (`[o.a, o.b] = pair`).
 */
export function patternTargets(p: Node, out: Node[] = [], members = false): Node[] {
  if (p === null) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p);
      break;
    case 'MemberExpression':
      if (members) out.push(p);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternTargets(prop.type === 'RestElement' ? prop.argument : prop.value, out, members);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternTargets(el, out, members);
      break;
    case 'RestElement':
      patternTargets(p.argument, out, members);
      break;
    case 'AssignmentPattern':
      patternTargets(p.left, out, members);
      break;
  }
  return out;
}

/**
 * Whether a function body's own function declarations would clash if the body were one block
 * (`try { body }`): there a function declaration is lexical, so one whose name the body also declares
 * with `var` (anywhere outside nested functions), or declares again as a function, is a SyntaxError
 * (`var g = 1; function g() {}`), though both are allowed at the top of a function body.
 */
export function functionsClashInBlock(body: Node): boolean {
  if (body.type !== 'BlockStatement') return false;
  const functions = new Set<string>();
  for (const st of body.body) {
    if (st.type !== 'FunctionDeclaration' || st.id === null) continue;
    if (functions.has(st.id.name)) return true;
    functions.add(st.id.name);
  }
  if (functions.size === 0) return false;
  return containsOwn(body.body, (n) => n.type === 'VariableDeclaration' && n.kind === 'var' && n.declarations.some((d: Node) => patternTargets(d.id).some((id) => functions.has(id.name))));
}

const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * The scope nodes a call of their function can enter more than once: blocks inside a loop's body and
 * the loops themselves (whose `let` head makes a binding per iteration). A `let` declared there is a
 * new variable each time, which closures made in different iterations do not share.
 */
export function reenteredScopes(ast: Node): Set<Node> {
  const out = new Set<Node>();
  const visit = (n: Node, inLoop: boolean): void => {
    if (FUNCTION_TYPES.has(n.type) || n.type === 'StaticBlock' || n.type === 'PropertyDefinition') inLoop = false;
    if (inLoop && n.type === 'BlockStatement') out.add(n);
    const loop = LOOP_TYPES.has(n.type);
    if (loop) out.add(n);
    eachChild(n, (c, key) => visit(c, inLoop || (loop && key === 'body')));
  };
  visit(ast, false);
  return out;
}
