// Source instrumentation: parse with acorn, resolve variables with eslint-scope, and rewrite every
// tracked access into a call to the runtime (`__rd$`) with magic-string, keeping a source map.
//
// The rewrites only insert text around existing code - "record, then let the engine do it":
//   o.p            -> __rd$.r(o, "p", S).p              (o[k] -> __rd$.rk(o, k, S)[__rd$.k])
//   o.p = v        -> __rd$.w(o, "p", S).p = v          (v awaits: o.p = __rd$.sv(o, "p", v, S))
//   o.p += v, o.p++ -> __rd$.u(o, "p", S).p += v        (a read and a write in one step)
//   m.get(k)       -> __rd$.m(m, "get", S).get(__rd$.ka(k))  (collection methods by name)
//   x (tracked)    -> __rd$.rb(x, cell, S);  x = v -> x = __rd$.wb(v, cell, S)
//   if (o.p) return -> if (__rd$.x(o, "p", S).p) return  (an exit test; `x` -> __rd$.xb(x, cell, S))
//   k in o         -> __rd$.hi(k, o, S) in __rd$.k    (the key, converted once; o handed back in k)
//   Object.hasOwn(o, k), Object.assign(t, s), ... -> the object announced, the access recorded at the
//                     last argument (keyedCall)
//   ({ a: o.p } = v) -> ({ a: __rd$.w(o, "p", S).p } = v)  (a destructuring target is a write)
//   await v        -> __rd$.rs(await __rd$.aw(v, T, S), T)   (T: the async function's context)
//   async body     -> const T = __rd$.enter(S); try { body } finally { __rd$.leave(T) }
// so property gets and sets, calls and assignments are still the program's own: same getters, `this`,
// strictness and error messages. S is a site number: base + index into this file's site table, which
// the file registers once (in original-source coordinates, so reports need no source map lookups).

import * as acorn from 'acorn';
import { parse, type Options as AcornOptions } from 'acorn';
import { analyze } from 'eslint-scope';
import MagicString from 'magic-string';
import { TraceMap, originalPositionFor, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import { ANONYMOUS_VALUES, type Node, arrowAt, functionsClashInBlock, optionalBelow, patternTargets, reenteredScopes, skipTrivia, suspends, yields } from './ast.js';
import { redundantAccesses } from './redundant.js';
import { unsharedAccesses } from './unshared.js';
import { testReads } from './guards.js';
import { boundaryMappings } from './sourcemap.js';
import { classText, functionText, markChangedFunctions } from './function-source.js';
import { codeHash, encodeOrigin, fileTag } from '../src/runtime/source-marks.js';
import { locationKey } from '../src/runtime/keys.js';
import { lastAtMost } from '../src/runtime/sorted.js';

export interface InstrumentInput {
  code: string;
  /** URL or path of the original file, as reports should name it. */
  file: string;
  module: boolean;
  /** Map from the original source to `code` (TypeScript transpilation, the file's own map), if any. */
  inputMap?: EncodedSourceMap | null;
  /** Where `inputMap` leads, when that is another file than `file` (a `tsc` output's `.ts`): what sites name. */
  siteFile?: string;
  /** `code` is the file at `file` transpiled from TypeScript. */
  typescript?: boolean;
  /** Whether the file at `file` holds `code` (or its TypeScript source); false: another tool made `code`. */
  onDisk?: boolean;
}

export interface InstrumentOutput {
  code: string;
  map: EncodedSourceMap;
  sites: number;
  /** What the file registers about its code before instrumentation ('' when no function was marked). */
  origin: string;
}

export class ParseFailure extends Error {}

const COLLECTION_METHODS = new Set([
  'get', 'set', 'has', 'add', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries',
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex', 'filter', 'map',
  'reduce', 'reduceRight', 'some', 'every', 'join', 'slice', 'concat', 'at', 'flat', 'flatMap',
]);
// Object.keys and getOwnPropertyNames read an object's key set; values and entries its values too.
const OBJECT_READERS = new Set(['keys', 'values', 'entries', 'getOwnPropertyNames']);
const OBJECT_VALUE_READERS = new Set(['values', 'entries']);

interface FnInfo {
  node: Node;
  name: string;
  /** Name of the context variable when this is an instrumented async function. */
  ctxVar: string | null;
  /** Cells of captured variables declared in this function, created at its start. */
  cells: string[];
}

// eslint-scope reads `range` in one place (whether a reference sits in a function's parameters).
// acorn's `ranges` option would give every node an array for it: a third of the tree (6.8 MB instead
// of 4.3 MB for a 100 KB module) and ~15% of its parse time. Computed when asked for instead, from
// start and end; not enumerable, so the walkers that go through a node's keys never meet it.
Object.defineProperty((acorn as unknown as { Node: { prototype: object } }).Node.prototype, 'range', {
  get(this: { start: number; end: number }): [number, number] {
    return [this.start, this.end];
  },
  configurable: true,
});

function parseSource(code: string, module: boolean): Node {
  const opts: AcornOptions = {
    ecmaVersion: 'latest',
    sourceType: module ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: !module,
    allowAwaitOutsideFunction: module,
    allowImportExportEverywhere: false,
    locations: false,
    ranges: false,
  };
  try {
    return parse(code, opts);
  } catch (e) {
    throw new ParseFailure((e as Error).message);
  }
}

/**
 * magic-string finds its chunks by position in two plain objects. Keyed by offsets up to the file's
 * length they become V8 dictionaries, and splitting chunks cost about a tenth of instrumenting a large
 * file; arrays of the file's length hold the same entries as fast elements. Only done when the two are
 * there as plain objects, so another magic-string version just keeps its own.
 */
function indexChunksInArrays(s: MagicString, length: number): void {
  const ms = s as unknown as { byStart?: unknown; byEnd?: unknown };
  const plain = (o: unknown): o is Record<string, unknown> => o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype;
  if (!plain(ms.byStart) || !plain(ms.byEnd)) return;
  const byStart = emptyIndex(0, length + 1);
  const byEnd = emptyIndex(1, length + 1);
  for (const k of Object.keys(ms.byStart)) byStart[Number(k)] = ms.byStart[k];
  for (const k of Object.keys(ms.byEnd)) byEnd[Number(k)] = ms.byEnd[k];
  ms.byStart = byStart;
  ms.byEnd = byEnd;
}

// The two arrays are kept for the next file: allocating them (large objects, collected only by full
// collections) was 6% of a first start's instrumenting, emptying the part a file used is a fill. Files
// longer than REUSED_LENGTH get arrays of their own, so what stays behind is at most 2 MB.
const REUSED_LENGTH = 1 << 17;

/** A character that continues an identifier or keyword (ASCII: every keyword is). */
const IDENTIFIER_CHAR = /[\w$]/;
const reused: (unknown[] | null)[] = [null, null];
const usedLength = [0, 0];

/** An array of `n` empty entries: chunk starts (`which` 0) or ends (1). */
function emptyIndex(which: 0 | 1, n: number): unknown[] {
  if (n > REUSED_LENGTH) return new Array(n);
  let a = reused[which];
  if (a === null || a.length < n) reused[which] = a = new Array(Math.min(REUSED_LENGTH, Math.max(n, 2 * (a?.length ?? 0)))).fill(undefined);
  else a.fill(undefined, 0, Math.min(a.length, usedLength[which]));
  usedLength[which] = n;
  return a;
}

export function instrument(input: InstrumentInput): InstrumentOutput {
  const { code, module } = input;
  const ast = parseSource(code, module);
  const s = new MagicString(code);
  indexChunksInArrays(s, code.length);
  const trace = input.inputMap ? new TraceMap(input.inputMap) : null;

  // Site table: (line, column, function-name index) triples in original coordinates.
  const table: number[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);

  function position(offset: number): [number, number] {
    const lo = lastAtMost(lineStarts, offset);
    let line = lo + 1;
    let column = offset - lineStarts[lo];
    if (trace) {
      const o = originalPositionFor(trace, { line, column });
      if (o.line !== null) {
        line = o.line;
        column = o.column;
      }
    }
    return [line, column + 1];
  }

  const fnStack: FnInfo[] = [];
  /** Every function and class, for the marks that keep their source text (function-source.ts). */
  const sourced: ReturnType<typeof functionText>[] = [];
  function site(offset: number): string {
    const fnName = fnStack.length > 0 ? fnStack[fnStack.length - 1].name : '<anonymous>';
    let idx = nameIndex.get(fnName);
    if (idx === undefined) {
      idx = names.length;
      names.push(fnName);
      nameIndex.set(fnName, idx);
    }
    const [line, col] = position(offset);
    table.push(line, col, idx);
    return `__rdS+${table.length / 3 - 1}`;
  }

  // Variables worth tracking, found with a real scope analysis.
  const scopeManager = analyze(ast, { ecmaVersion: 2022, sourceType: module ? 'module' : 'script', nodejsScope: !module });
  const trackedRefs = new Map<Node, string>(); // Identifier node -> cell variable name
  const moduleCells: string[] = [];
  const fnCells = new Map<Node, string[]>(); // function node -> cell declarations
  // Block or loop node -> cells made each time it is entered (see perIterationBlock).
  const blockCells = new Map<Node, string[]>();
  const addCell = (cells: Map<Node, string[]>, node: Node, decl: string): void => {
    const list = cells.get(node);
    if (list === undefined) cells.set(node, [decl]);
    else list.push(decl);
  };
  const reentered = reenteredScopes(ast);
  // ES module exports of local bindings (local name -> exported names), and re-exports: what the
  // runtime needs to find an exported `let`'s cell when another module reads it (imports.ts).
  const exportedAs = module ? localExports(ast) : new Map<string, string[]>();
  const exportEntries: string[] = [];
  let cellCount = 0;
  for (const scope of scopeManager.scopes) {
    for (const variable of scope.variables) {
      const def = variable.defs[0];
      if (!def || def.type !== 'Variable' || def.parent?.kind === 'const' || variable.name.startsWith('__rd')) continue;
      const vscope = variable.scope.variableScope;
      const topLevel = vscope.type === 'module' || vscope.type === 'global' || (vscope.type === 'function' && vscope.block.type === 'Program');
      if (!topLevel && vscope.type !== 'function') continue;
      const writes = variable.references.filter((r: Node) => r.isWrite() && !r.init);
      if (writes.length === 0) continue;
      // Only one flow can touch a variable that no other function refers to (a module's top-level
      // loop counter): nothing to track. A captured one counts when a closure writes it.
      const fromElsewhere = (r: Node): boolean => r.from.variableScope !== vscope;
      // An exported one is read from elsewhere by every module that imports it.
      const exportNames = vscope.type === 'module' ? exportedAs.get(variable.name) : undefined;
      if (exportNames === undefined && (topLevel ? !variable.references.some(fromElsewhere) : !writes.some(fromElsewhere))) continue;
      const cell = `__rdv$${cellCount++}`;
      if (exportNames !== undefined) for (const name of exportNames) exportEntries.push(JSON.stringify(name), cell);
      const block = perIterationBlock(variable.scope);
      const label = topLevel && block === null ? `module binding ${variable.name}` : `variable ${variable.name}`;
      const decl = `${cell} = __rd$.v(${JSON.stringify(label)}, ${site(def.name.start)})`;
      if (block !== null) addCell(blockCells, block, decl);
      else if (topLevel) moduleCells.push(decl);
      else addCell(fnCells, vscope.block, decl);
      for (const ref of variable.references) if (!ref.init || ref.isRead()) trackedRefs.set(ref.identifier, cell);
    }
  }

  // Reads of bindings imported from another module of the program (a relative specifier): each read
  // goes through a handle that finds the exporting module's cell, if the binding is an exported
  // variable it tracks (imports.ts); for a function, class or constant it finds none, once.
  const importRefs = new Map<Node, [string, string]>(); // Identifier node -> [specifier, imported name]
  const namespaceImports = new Map<Node, string>(); // namespace Identifier reference -> specifier
  const importHandles = new Map<string, string>(); // specifier + name -> handle variable
  const handleFor = (specifier: string, name: string): string => {
    const key = `${specifier}\0${name}`;
    let h = importHandles.get(key);
    if (h === undefined) {
      h = `__rdI$${importHandles.size}`;
      importHandles.set(key, h);
      moduleCells.push(`${h} = __rd$.im(import.meta.url, ${JSON.stringify(specifier)}, ${JSON.stringify(name)})`);
    }
    return h;
  };
  if (module) {
    for (const variable of scopeManager.scopes.find((sc: Node) => sc.type === 'module')?.variables ?? []) {
      const def = variable.defs[0];
      if (!def || def.type !== 'ImportBinding' || def.parent?.type !== 'ImportDeclaration') continue;
      const specifier = def.parent.source.value;
      if (typeof specifier !== 'string' || !isProgramSpecifier(specifier)) continue;
      const spec = def.node;
      for (const ref of variable.references) {
        if (!ref.isRead()) continue;
        if (spec.type === 'ImportNamespaceSpecifier') namespaceImports.set(ref.identifier, specifier);
        else importRefs.set(ref.identifier, [specifier, spec.type === 'ImportDefaultSpecifier' ? 'default' : exportName(spec.imported)]);
      }
    }
  }

  /**
   * A `let` in a loop's body, or in its head, is a new variable in every iteration: its cell must be
   * too, or closures made in two iterations would look like two flows sharing one variable. The node
   * whose entry makes the cell: the block (a `const` at its start), or a `for (let ...; ...; update)`
   * loop, whose update runs in the next iteration's copy of the head's variables (the cell is one of
   * them, made again there). Null: once per call is right, or no place to make it (a switch's cases,
   * a for loop without an update, a for-of head whose body is no block); the cell then stays the
   * function's.
   */
  function perIterationBlock(scope: Node): Node | null {
    const block = scope.block;
    if (!reentered.has(block)) return null;
    if (scope.type === 'block' && block.type === 'BlockStatement') return block;
    if (scope.type !== 'for') return null;
    if (block.type === 'ForStatement') return block.update ? block : null;
    return block.body.type === 'BlockStatement' ? block.body : null;
  }

  // Accesses to objects no other flow can reach yet (unshared.ts): left as they are. Found first: they
  // cover nothing for the redundancy analysis. Like it, the analysis only ever removes work, so if it
  // fails on some construct, everything is simply instrumented.
  let unshared: Set<Node>;
  try {
    unshared = unsharedAccesses(ast, scopeManager, code);
  } catch {
    unshared = new Set();
  }
  // Accesses that every run finds already covered in the same stretch: left as they are.
  let redundant: Set<Node>;
  // Assignments `o.p = <value reading o.p>`, recorded as updates (see redundant.ts).
  const updates = new Set<Node>();
  try {
    redundant = redundantAccesses(ast, scopeManager, trackedRefs, code, updates, unshared);
  } catch {
    redundant = new Set();
    updates.clear();
  }
  // Reads in `if` tests whose branch writes what they read (guards.ts): listed for the runtime. Only
  // a list of sites: if the analysis fails, there are none.
  let guardNodes: Set<Node>;
  // Reads in a test whose branch stops a timer: a poll's test (guards.ts), recorded as polls.
  let pollTests: Set<Node>;
  // Reads in the test of an `if` that leaves (guards.ts): what follows depends on their value.
  let exitTests: Set<Node>;
  try {
    ({ guards: guardNodes, polls: pollTests, exits: exitTests } = testReads(ast, code, (id) => trackedRefs.get(id)));
  } catch {
    guardNodes = new Set();
    pollTests = new Set();
    exitTests = new Set();
  }
  const guardSites: number[] = [];
  const noteGuard = (node: Node): void => {
    if (guardNodes.has(node)) guardSites.push(table.length / 3 - 1);
  };

  /**
   * Inserts `text` at `pos`, in front of what starts there. Minified code writes a keyword against its
   * operand (`return(o).n`, `await(0,f)()`, `case"a".length`): a call inserted there would be glued to
   * the keyword (`return__rd$.r(...)`), so it gets a space when both sides are identifier characters.
   */
  function openAt(pos: number, text: string): void {
    s.appendRight(pos, pos > 0 && IDENTIFIER_CHAR.test(code[pos - 1]) && IDENTIFIER_CHAR.test(text[0]) ? ` ${text}` : text);
  }

  // The position right after an object expression, past any closing parentheses around it (and
  // the comments before them: `(o /* note */).p`).
  function objectEnd(member: Node): number {
    return parenthesizedEnd(member.object);
  }

  /**
   * `o[k]` becoming `__rd$.xk(o, k, ...)`: the text from the object's end through the `[` becomes
   * ", ". The key stays as written after its bracket, parentheses and comments included (`o[(k)]`,
   * `o[/* c *\/ ('$' + t)]`).
   */
  function keyBracket(m: Node): void {
    const end = objectEnd(m);
    const at = skipTrivia(code, end);
    if (code[at] !== '[') throw new Error(`no [ at ${at}`);
    s.overwrite(end, at + 1, ', ');
  }

  /** The position right after `node`, past the closing parentheses around it and what is between them. */
  function parenthesizedEnd(node: Node): number {
    let end = node.end;
    for (;;) {
      const i = skipTrivia(code, end);
      if (code[i] !== ')') return end;
      end = i + 1;
    }
  }

  function nameOf(fn: Node, parent: Node): string {
    if (fn.id?.name) return fn.id.name;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && !parent.computed) {
      const key = parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : (parent.key.name ?? String(parent.key.value));
      const cls = classStack.length > 0 ? classStack[classStack.length - 1] : '';
      if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') return cls ? `new ${cls}` : 'constructor';
      return cls && parent.type !== 'Property' ? `${cls}.${key}` : key;
    }
    if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && !parent.left.computed) return parent.left.property.name;
    return '<anonymous>';
  }
  const classStack: string[] = [];

  function currentCtxVar(): string | null {
    return fnStack.length > 0 ? fnStack[fnStack.length - 1].ctxVar : null;
  }

  // Member reads, writes and updates.
  // Reads in the test of a loop whose body awaits are polls: the loop re-reads until the value changes.
  let polling = 0;

  /**
   * The location key of `o[literal]`, as source text, made as the runtime makes a computed key's
   * (locationKey), or null when the key is no number or string literal. Such an access needs no key
   * conversion at run time: it is rewritten as `o.p` is, and the bracket stays as written.
   */
  function literalKey(m: Node): string | null {
    const p = m.property;
    if (p.type !== 'Literal' || (typeof p.value !== 'number' && typeof p.value !== 'string')) return null;
    const k = locationKey(p.value);
    return typeof k === 'number' ? String(k) : JSON.stringify(k);
  }

  function memberRead(m: Node): void {
    if (m.object.type === 'Super' || optionalBelow(m.object) || redundant.has(m) || unshared.has(m)) return;
    // `a?.[k]` must not evaluate k when a is nullish; the rewrite would, so it is left alone.
    if (m.computed && m.optional) return;
    const S = site(m.start);
    noteGuard(m);
    const literal = m.computed ? literalKey(m) : null;
    if (literal !== null) {
      openAt(m.start, polling > 0 ? '__rd$.p(' : '__rd$.r(');
      s.prependLeft(objectEnd(m), `, ${literal}, ${S})`);
    } else if (m.computed) {
      // o[k] -> __rd$.rk(o, k, S)[__rd$.k]: the "[" becomes ", ", the "]" stays (text inserted by
      // enclosing expressions at either end survives; only the bracket between them is replaced).
      openAt(m.start, polling > 0 ? '__rd$.pk(' : '__rd$.rk(');
      keyBracket(m);
      s.prependLeft(m.end - 1, `, ${S})${m.optional ? '?.' : ''}[__rd$.k`);
    } else {
      openAt(m.start, polling > 0 || pollTests.has(m) ? '__rd$.p(' : exitTests.has(m) ? '__rd$.x(' : '__rd$.r(');
      s.prependLeft(objectEnd(m), `, ${JSON.stringify(keyOf(m))}, ${S})`);
    }
  }

  function memberWrite(m: Node, fn: 'w' | 'u' | 'd'): void {
    if (m.object.type === 'Super' || optionalBelow(m.object) || (fn !== 'd' && (redundant.has(m) || unshared.has(m)))) return;
    const S = site(m.start);
    const literal = m.computed && fn !== 'd' ? literalKey(m) : null;
    if (literal !== null) {
      openAt(m.start, `__rd$.${fn}(`);
      s.prependLeft(objectEnd(m), `, ${literal}, ${S})`);
    } else if (m.computed) {
      openAt(m.start, fn === 'd' ? '__rd$.d(' : `__rd$.${fn}k(`);
      keyBracket(m);
      s.prependLeft(m.end - 1, `, ${S})[__rd$.k`);
    } else {
      openAt(m.start, `__rd$.${fn}(`);
      s.prependLeft(objectEnd(m), `, ${JSON.stringify(keyOf(m))}, ${S})`);
    }
  }

  function keyOf(m: Node): string {
    return m.property.type === 'PrivateIdentifier' ? `#${m.property.name}` : m.property.name;
  }

  function assignment(node: Node): void {
    const left = node.left;
    const op: string = node.operator;
    if (left.type === 'MemberExpression') {
      if (left.object.type === 'Super' || optionalBelow(left.object)) return;
      // `o.f = function () {}` names the function after its target in stacks: keep the target's text.
      if (op === '=' && ANONYMOUS_VALUES.has(node.right.type) && !node.right.id) return;
      if (!suspends(node.right)) {
        memberWrite(left, op === '=' && !updates.has(node) ? 'w' : 'u');
        return;
      }
      // The value awaits: announce the target now, record the write when the value arrives
      // (`__rd$.wz`), in the segment that performs it. A compound or logical assignment also reads
      // the target now, before the await, as the engine does.
      const logical = op === '||=' || op === '&&=' || op === '??=';
      const S = site(left.start);
      const fn = op === '=' ? 'wa' : logical ? 'la' : 'ua';
      if (left.computed) {
        openAt(left.start, `__rd$.${fn}k(`);
        keyBracket(left);
        s.prependLeft(left.end - 1, `, ${S})[__rd$.k`);
      } else {
        openAt(left.start, `__rd$.${fn}(`);
        s.prependLeft(objectEnd(left), `, ${JSON.stringify(keyOf(left))}, ${S})`);
      }
      around(node.right, logical ? '__rd$.lz(' : '__rd$.wz(', logical ? `, ${S})` : ')');
      return;
    }
    if (left.type === 'Identifier') {
      const cell = trackedRefs.get(left);
      if (cell === undefined || redundant.has(left)) return;
      const S = site(left.start);
      // `f = () => {}`: the function takes its name from the assignment, so the assignment stays
      // whole, recorded once done (making a function has no effect to order the write after).
      const named = ANONYMOUS_VALUES.has(node.right.type) && !node.right.id;
      if (op === '=') {
        around(named ? node : node.right, '__rd$.wb(', `, ${cell}, ${S})`);
      } else if (op === '||=' || op === '&&=' || op === '??=') {
        // `x ??= v` tests and sets in one step: its read is a guard even when it finds nothing to
        // do. Not when the value awaits: then the write comes in a later segment (lazy init).
        if (!suspends(node.right)) guardSites.push(table.length / 3 - 1);
        // No parenthesis in front: after a line without a semicolon (`f()` then `x ??= v`), it would
        // call what the line before returned. None is needed: an assignment is already the loosest
        // operand there is, and anywhere else the program wrote one around it.
        const bin = op.slice(0, 2);
        openAt(node.start, `__rd$.rb(`);
        // The operator, from past the parentheses around the target (`(x) ??= v`: they stay, around
        // the read); the value stays as written, to the end of the assignment.
        s.overwrite(parenthesizedEnd(left), operatorEnd(node), named ? `, ${cell}, ${S}) ${bin} __rd$.wb(${left.name} =` : `, ${cell}, ${S}) ${bin} (${left.name} = __rd$.wb(`);
        s.prependLeft(node.end, named ? `, ${cell}, ${S})` : `, ${cell}, ${S}))`);
      } else if (suspends(node.right)) {
        s.overwrite(parenthesizedEnd(left), operatorEnd(node), ` = __rd$.wb(__rd$.rb(${left.name}, ${cell}, ${S}) ${op.slice(0, -1)} (`);
        s.prependLeft(node.end, `), ${cell}, ${S})`);
      } else {
        around(node.right, '__rd$.ub(', `, ${cell}, ${S})`);
      }
    }
  }

  /** `f(v, ...)` where f reads the values v holds: `__rd$.vr(v, S, deep)` (see readValues in access.ts). */
  function valuesRead(node: Node, deep: boolean): void {
    const a0 = node.arguments[0];
    if (a0 === undefined || a0.type === 'SpreadElement') return;
    readsValuesOf(a0, deep);
  }

  /** `v` whose values are read where it is evaluated (`__rd$.vr(v, S, deep)`). */
  function readsValuesOf(v: Node, deep: boolean): void {
    around(v, '__rd$.vr(', `, ${site(v.start)}, ${deep ? 1 : 0})`);
  }

  function call(node: Node): void {
    const callee = node.callee;
    // structuredClone(v) and JSON.stringify(v) read every value they copy, however deep.
    if (callee.type === 'Identifier' && callee.name === 'structuredClone' && isGlobal(callee) && !node.optional) return valuesRead(node, true);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type === 'Super') return;
    if (node.optional || optionalBelow(callee.object) || callee.optional || unshared.has(callee)) return;
    const name = callee.property.name;
    if (keyedCall(node, callee, name)) return;
    if (name === 'stringify' && builtin(callee, 'JSON')) return valuesRead(node, true);
    if (callee.object.type === 'Identifier' && callee.object.name === 'Object' && OBJECT_READERS.has(name) && node.arguments.length > 0 && node.arguments[0].type !== 'SpreadElement') {
      return OBJECT_VALUE_READERS.has(name) ? valuesRead(node, false) : structureRead(node.arguments[0]);
    }
    if (!COLLECTION_METHODS.has(name)) return;
    const args = node.arguments;
    const S = site(callee.start);
    noteGuard(node);
    const end = objectEnd(callee);
    if (args.length === 0 || args[0].type === 'SpreadElement') {
      openAt(callee.start, '__rd$.m0(');
      s.prependLeft(end, `, ${JSON.stringify(name)}, ${S})`);
      return;
    }
    const plain = (a: Node): boolean => a.type === 'Identifier' || a.type === 'Literal' || a.type === 'ThisExpression';
    if (args.every(plain)) {
      // Every argument a name or a literal: the key can be read twice without a trace, and evaluating
      // the arguments touches no collection, so the call is recorded at once, with its key, and left
      // as it was (no announce/complete round trip). An argument that computes (`m.set(k, m.get(k) +
      // 1)`) must run first: its read belongs before the call's write, in the same stretch.
      const a0 = args[0];
      openAt(callee.start, '__rd$.m1(');
      s.prependLeft(end, `, ${JSON.stringify(name)}, ${S}, ${code.slice(a0.start, a0.end)})`);
      return;
    }
    openAt(callee.start, '__rd$.m(');
    s.prependLeft(end, `, ${JSON.stringify(name)}, ${S})`);
    // The access is recorded once every argument is evaluated (`m.set(k, m.get(k) + 1)` reads first).
    const last = args[args.length - 1];
    if (args.length === 1 || last.type === 'SpreadElement') {
      around(args[0], '__rd$.ka(', ')');
    } else {
      around(args[0], '__rd$.kb(', ')');
      around(last, '__rd$.kz(', ')');
    }
  }

  // References to names no scope of the file declares (`Object`, `Reflect`): found when first asked.
  let unresolved: Set<Node> | null = null;
  function isGlobal(id: Node): boolean {
    if (unresolved === null) {
      unresolved = new Set();
      for (const r of scopeManager.globalScope?.through ?? []) unresolved.add(r.identifier);
    }
    return unresolved.has(id);
  }

  /** `callee` is `Object.name` or `Reflect.name` on the global object of that name. */
  function builtin(callee: Node, owner: 'Object' | 'Reflect' | 'JSON'): boolean {
    return callee.object.type === 'Identifier' && callee.object.name === owner && isGlobal(callee.object);
  }

  /**
   * Built-ins that test, write or copy properties (see access.ts `ca`): the object argument is
   * announced, and the access recorded once the last argument is evaluated, right before the call.
   *   Object.hasOwn(o, k), Reflect.has(o, k), Reflect.get(o, k)
   *                                           -> X(__rd$.ca(o, S), __rd$.hz(k))          a read of o[k]
   *   o.hasOwnProperty(k)                     -> __rd$.ca(o, S).hasOwnProperty(__rd$.hz(k))
   *   <...>.hasOwnProperty.call(o, k)         -> <...>.hasOwnProperty.call(__rd$.ca(o, S), __rd$.hz(k))
   *   any of these with o a name or `this` and k a name or a literal: only k is wrapped,
   *                                              `__rd$.hk(k, o, S)`, o named again
   *   Reflect.set(o, k, v), Object.defineProperty(o, k, d)
   *                                           -> X(__rd$.ca(o, S), __rd$.cb(k), __rd$.sz(v))  a write of o[k]
   *   Object.assign(t, a, b)                  -> X(__rd$.ca(t, S), __rd$.cs(a), __rd$.az(b))  writes of t's copied keys
   * Only with exactly the arguments the built-in uses, none spread.
   */
  function keyedCall(node: Node, callee: Node, name: string): boolean {
    const args = node.arguments;
    if (args.some((a: Node) => a.type === 'SpreadElement')) return false;
    const n = args.length;
    // `Object.prototype.hasOwnProperty.call(o, k)`, and the same through a saved `hasOwnProperty`.
    const method = callee.object;
    const hasOwnCall = name === 'call' && ((method.type === 'MemberExpression' && !method.computed && method.property.name === 'hasOwnProperty') || (method.type === 'Identifier' && method.name === 'hasOwnProperty'));
    const receiver = name === 'hasOwnProperty' && n === 1;
    if (receiver || (n === 2 && ((name === 'hasOwn' && builtin(callee, 'Object')) || ((name === 'has' || name === 'get') && builtin(callee, 'Reflect')) || hasOwnCall))) {
      const o = receiver ? callee.object : args[0];
      const k = receiver ? args[0] : args[1];
      const S = site(node.start);
      noteGuard(node);
      if ((o.type === 'Identifier' || o.type === 'ThisExpression') && (k.type === 'Identifier' || k.type === 'Literal')) {
        // A name (or `this`) and a plain key: the object is named again beside the key, and the call
        // keeps its text (V8's "o.hasOwnProperty is not a function" is written from it).
        wrap(k, '__rd$.hk(', `, ${code.slice(o.start, o.end)}, ${S}`);
      } else if (receiver) {
        openAt(callee.start, '__rd$.ca(');
        s.prependLeft(objectEnd(callee), `, ${S})`);
        wrap(k, '__rd$.hz(');
      } else {
        wrap(o, '__rd$.ca(', `, ${S}`);
        wrap(k, '__rd$.hz(');
      }
      return true;
    }
    if (n === 3 && ((name === 'set' && builtin(callee, 'Reflect')) || (name === 'defineProperty' && builtin(callee, 'Object')))) {
      announceArg(args[0], node);
      wrap(args[1], '__rd$.cb(');
      wrap(args[2], '__rd$.sz(');
      return true;
    }
    if (n >= 2 && name === 'assign' && builtin(callee, 'Object')) {
      const t = args[0];
      if ((t.type === 'ObjectExpression' || t.type === 'ArrayExpression') && !suspends(node)) {
        // A fresh target (`Object.assign({}, defaults, opts)`): only the sources are read, their keys and values.
        for (let i = 1; i < n; i++) if (args[i].type !== 'ObjectExpression' && args[i].type !== 'SpreadElement') readsValuesOf(args[i], false);
        return true;
      }
      announceArg(t, node);
      for (let i = 1; i < n - 1; i++) wrap(args[i], '__rd$.cs(');
      const last = args[n - 1];
      // A literal source is read by nobody else: its key set needs no recording.
      wrap(last, '__rd$.az(', last.type === 'ObjectExpression' ? ', 1' : '');
      return true;
    }
    return false;
  }

  function announceArg(a: Node, call: Node): void {
    wrap(a, '__rd$.ca(', `, ${site(call.start)}`);
  }

  function wrap(a: Node, open: string, extra = ''): void {
    around(a, open, `${extra})`);
  }

  /**
   * Puts `open` before expression `n` and `close` after it. A comma expression's range leaves out the
   * parentheses it was written in, and inside a call its commas would separate arguments: it gets
   * parentheses of its own there (`__rd$.wb((a = 1, b), C, S)`).
   */
  function around(n: Node, open: string, close: string): void {
    const comma = n.type === 'SequenceExpression';
    openAt(n.start, comma ? `${open}(` : open);
    s.prependLeft(n.end, comma ? `)${close}` : close);
  }

  /**
   * Where the operator of assignment `node` ends (past the target's parentheses): a rewrite that
   * replaces the operator leaves the value as written, parentheses included (`x ??= (a, b)`).
   */
  function operatorEnd(node: Node): number {
    const at = skipTrivia(code, parenthesizedEnd(node.left));
    if (!code.startsWith(node.operator, at)) throw new Error(`no ${node.operator} at ${at}`);
    return at + node.operator.length;
  }

  /**
   * `k in o` -> `__rd$.hi(k, o, S) in __rd$.k`: a read of o[k]. The operands keep their order and
   * their text (parentheses included: only the `in` between them becomes a comma); the call
   * returns the key, converted once, and leaves o in `k` (see access.ts `hi`).
   */
  function inOperator(node: Node): void {
    let at = node.left.end;
    for (;;) {
      at = skipTrivia(code, at);
      if (code[at] === ')') at++;
      else break;
    }
    if (!code.startsWith('in', at)) return;
    const S = site(node.start);
    noteGuard(node);
    openAt(node.start, polling > 0 || pollTests.has(node) ? '__rd$.hp(' : '__rd$.hi(');
    s.overwrite(at, at + 2, ',', { contentOnly: true });
    s.prependLeft(node.end, `, ${S}) in __rd$.k`);
  }

  /**
   * A function whose parameters destructure (`function render({ title, body })`) reads the
   * argument's keys, as `const { title, body } = arg` does: recorded at the start of the body, from
   * `arguments`. Not for arrow functions, which have no `arguments` of their own (naming their
   * argument would change their parameters), nor for generators, whose body starts later.
   */
  function paramReads(fn: Node): void {
    if (fn.type === 'ArrowFunctionExpression' || fn.generator || fn.body.type !== 'BlockStatement') return;
    const patterns: [number, Node][] = [];
    fn.params.forEach((p: Node, i: number) => {
      const pat = p.type === 'AssignmentPattern' ? p.left : p;
      if (pat.type === 'ObjectPattern' || pat.type === 'ArrayPattern') patterns.push([i, pat]);
    });
    if (patterns.length === 0) return;
    // A binding named `arguments` in the function (sloppy mode allows one) is not the arguments object.
    const own = scopeManager.acquire(fn, true);
    if (own === null || (own.set.get('arguments')?.defs.length ?? 1) > 0) return;
    let text = '';
    for (const [i, pat] of patterns) {
      if (pat.type === 'ArrayPattern') {
        text += `__rd$.ir(arguments[${i}], ${site(pat.start)});`;
        continue;
      }
      const { keys, rest } = patternKeys(pat);
      if (keys.length > 0 || rest) text += `__rd$.dr(arguments[${i}], ${JSON.stringify(keys)}, ${rest}, ${site(pat.start)});`;
    }
    // A function with destructured parameters has no directive prologue (a SyntaxError with "use
    // strict"); after an async function's opening, which asyncFunction put here first.
    if (text !== '') s.appendLeft(fn.body.start + 1, text);
  }

  /**
   * `[a, b] = v` and `({ a } = v)` with tracked variables among the targets: their writes are
   * recorded once the assignment is done (`__rd$.wb(<assignment>, cell, S)`, which returns its
   * value). Not when the pattern itself awaits (a default): its writes then span segments.
   */
  function patternVariableWrites(node: Node): void {
    if (suspends(node.left)) return;
    const ids: Node[] = [];
    patternTargets(node.left, ids);
    for (const id of ids) {
      const cell = trackedRefs.get(id);
      if (cell === undefined) continue;
      openAt(node.start, '__rd$.wb(');
      s.prependLeft(node.end, `, ${cell}, ${site(id.start)})`);
    }
  }

  function asyncFunction(fn: Node, ctxVar: string, S: string, generator: boolean): void {
    const enter = generator ? '__rd$.eg' : '__rd$.enter';
    const body = fn.body;
    const cells = fnCells.get(fn);
    const cellDecl = cells ? `var ${cells.join(', ')}; ` : '';
    if (body.type === 'BlockStatement') {
      let at = body.start + 1;
      for (const st of body.body) {
        if (st.type === 'ExpressionStatement' && st.directive !== undefined) at = st.end;
        else break;
      }
      // Both on the left of their positions, opener first: an empty body `{}` keeps them in order.
      s.appendLeft(at, `${cellDecl}const ${ctxVar} = ${enter}(${S}); try {`);
      s.appendLeft(body.end - 1, `} finally { __rd$.leave(${ctxVar}); }`);
    } else {
      // An expression body may sit in parentheses that its node's range leaves out: wrap from `=>` to the end.
      let start = arrowAt(code, fn) + 2;
      while (/\s/.test(code[start])) start++;
      openAt(start, `{ ${cellDecl}const ${ctxVar} = __rd$.enter(${S}); try { return (`);
      s.prependLeft(fn.end, `); } finally { __rd$.leave(${ctxVar}); } }`);
    }
  }

  function plainFunctionCells(fn: Node): void {
    const cells = fnCells.get(fn);
    if (!cells) return;
    const body = fn.body;
    if (body.type === 'BlockStatement') {
      let at = body.start + 1;
      for (const st of body.body) {
        if (st.type === 'ExpressionStatement' && st.directive !== undefined) at = st.end;
        else break;
      }
      openAt(at, `var ${cells.join(', ')};`);
    }
  }

  /**
   * `yield v` in an async generator awaits v, hands v to the consumer and suspends the flow until the
   * next `next()`, which resumes it inside the consumer's own stretch: `__rd$.rs(yield __rd$.aw(v, T,
   * S), T)`. `yield* it` suspends it while the inner iterator yields (`__rd$.ys`). A bare `yield`
   * yields undefined, which is what `aw(undefined, ...)` returns.
   */
  function yieldExpr(node: Node): void {
    const T = currentCtxVar();
    if (T === null) return;
    const fn = fnStack[fnStack.length - 1].node;
    if (!fn.async || !fn.generator) return;
    const S = site(node.start);
    openAt(node.start, '__rd$.rs(');
    s.prependLeft(node.end, `, ${T})`);
    // Prepended after the closing text: inner text comes first at one position.
    if (node.argument === null || node.argument === undefined) s.prependLeft(node.end, ` __rd$.aw(undefined, ${T}, ${S})`);
    else around(node.argument, node.delegate ? '__rd$.ys(' : '__rd$.aw(', `, ${T}, ${S})`);
  }

  function awaitExpr(node: Node): void {
    const T = currentCtxVar();
    if (T === null) return;
    const S = site(node.start);
    openAt(node.start, '__rd$.rs(');
    s.prependLeft(node.end, `, ${T})`);
    around(node.argument, '__rd$.aw(', `, ${T}, ${S})`);
  }

  // The walk. Parents decide the role of a member expression or identifier.
  function walk(node: Node, parent: Node, key: string): void {
    if (node === null || typeof node !== 'object' || typeof node.type !== 'string') return;
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const name = nameOf(node, parent);
        // A body whose function declarations cannot sit in the try block that tracks it runs as an
        // uninstrumented async function does: its flow is the reaction that resumes it.
        // Async generators are flows too: their body starts at the first next(), and each yield hands
        // the flow back to whoever resumed it (asyncFunction, yieldExpr).
        const instrumented = node.async && !functionsClashInBlock(node.body);
        const info: FnInfo = { node, name, ctxVar: instrumented ? `__rdT${fnStack.length}` : null, cells: [] };
        sourced.push(functionText(code, node, parent));
        if (instrumented) asyncFunction(node, info.ctxVar as string, site(node.start), node.generator === true);
        else plainFunctionCells(node);
        fnStack.push(info);
        paramReads(node);
        for (const p of node.params) walk(p, node, 'params');
        walk(node.body, node, 'body');
        fnStack.pop();
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        classStack.push(node.id?.name ?? (parent?.type === 'VariableDeclarator' ? parent.id.name : '<anonymous>'));
        sourced.push(classText(node));
        walkChildren(node);
        classStack.pop();
        return;
      }
      case 'StaticBlock':
      case 'PropertyDefinition': {
        // Field initialisers and static blocks run as functions of their own: no enclosing await context.
        fnStack.push({ node, name: classStack[classStack.length - 1] ?? '<anonymous>', ctxVar: null, cells: [] });
        walkChildren(node);
        fnStack.pop();
        return;
      }
      case 'ObjectPattern':
        // Its properties' values are assignment targets: marked before the walk reaches them.
        for (const p of node.properties) if (p.type === 'Property') patternProperties.add(p);
        walkChildren(node);
        return;
      case 'MemberExpression': {
        // `ns.rev` of `import * as ns`: a read of the binding the other module exports as `rev`.
        const nsSpecifier = node.object.type === 'Identifier' ? namespaceImports.get(node.object) : undefined;
        if (nsSpecifier !== undefined && memberRole(node, parent, key) === 'read') {
          const name = node.computed ? (node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : null) : node.property.name;
          if (name !== null) {
            openAt(node.object.start, '__rd$.ib(');
            s.prependLeft(node.object.end, `, ${handleFor(nsSpecifier, name)}, ${site(node.start)})`);
          }
          return;
        }
        const role = memberRole(node, parent, key);
        if (role === 'read') memberRead(node);
        // `({ a: o.x } = v)`, `[o.x] = v`, `for (o.x of xs)`: the target's reference is evaluated
        // right before its value is stored, so `__rd$.w(o, "x", S).x` there records the write when
        // it happens. Not under a default that is an anonymous function (named after its target).
        else if (role === 'target' && !(parent.type === 'AssignmentPattern' && ANONYMOUS_VALUES.has(parent.right.type) && !parent.right.id)) memberWrite(node, 'w');
        walkChildren(node);
        return;
      }
      case 'AssignmentExpression':
        if (node.operator === '=' && node.left.type === 'MemberExpression' && ANONYMOUS_VALUES.has(node.right.type) && !node.right.id) {
          // V8 names `Ctor.prototype.work = function () {}` after the target's text: leave it untouched.
          walk(node.right, node, 'right');
          return;
        }
        // The variables' writes wrap the whole assignment: placed first, closed last.
        if (node.left.type === 'ObjectPattern' || node.left.type === 'ArrayPattern') patternVariableWrites(node);
        if (node.operator === '=' && node.left.type === 'ObjectPattern') destructure(node.left, node.right);
        else if (node.operator === '=' && node.left.type === 'ArrayPattern') structureRead(node.right);
        else assignment(node);
        walkChildren(node);
        return;
      case 'UpdateExpression':
        if (node.argument.type === 'MemberExpression') memberWrite(node.argument, 'u');
        else if (node.argument.type === 'Identifier' && trackedRefs.has(node.argument) && !redundant.has(node.argument)) {
          // `__rd$.ub(n++, C, S)`, the update inside: a statement that began with a parenthesis would
          // continue a line without a semicolon (`f()` then `n++`) as a call.
          openAt(node.start, '__rd$.ub(');
          s.prependLeft(node.end, `, ${trackedRefs.get(node.argument)}, ${site(node.start)})`);
        }
        walkChildren(node);
        return;
      case 'UnaryExpression':
        if (node.operator === 'delete' && node.argument.type === 'MemberExpression') memberWrite(node.argument, 'd');
        walkChildren(node);
        return;
      case 'BinaryExpression':
        // `#x in o` is a brand check, no property read.
        if (node.operator === 'in' && node.left.type !== 'PrivateIdentifier') inOperator(node);
        walkChildren(node);
        return;
      case 'CallExpression':
        call(node);
        walkChildren(node);
        return;
      case 'NewExpression':
        openAt(node.start, '__rd$.n(');
        s.prependLeft(node.end, `, ${site(node.start)})`);
        // `new a.b.C()` with a rewritten a.b would parse as `new (__rd$.r)(...)`: keep the callee whole.
        if (node.callee.type !== 'Identifier' || trackedRefs.has(node.callee)) {
          openAt(node.callee.start, '(');
          s.prependLeft(node.callee.end, ')');
        }
        walkChildren(node);
        return;
      case 'LogicalExpression':
        // `0 && (module.exports = { a, b })` never runs: esbuild writes it at the end of CommonJS output
        // for Node's cjs-module-lexer, which reads a module's export names from its text, and finds
        // none in the rewritten form. Left as written.
        if (node.operator === '&&' && node.left.type === 'Literal' && node.left.value === 0) return;
        walkChildren(node);
        return;
      case 'WithStatement':
        // Inside `with`, every identifier the rewrite adds would be looked up on the object first.
        walk(node.object, node, 'object');
        return;
      case 'ObjectExpression':
      case 'ArrayExpression': {
        // Module-level and field-initialiser literals hold the shared state reports name: record where
        // they were created. (Literals inside functions are too many to pay for.)
        const top = fnStack[fnStack.length - 1];
        if (top && (top.node.type === 'Program' || top.node.type === 'PropertyDefinition')) {
          openAt(node.start, '__rd$.n(');
          s.prependLeft(node.end, `, ${site(node.start)})`);
        }
        walkChildren(node);
        return;
      }
      case 'AwaitExpression':
        awaitExpr(node);
        walkChildren(node);
        return;
      case 'YieldExpression':
        yieldExpr(node);
        walkChildren(node);
        return;
      case 'ForOfStatement': {
        if (!node.await) {
          const S = site(node.right.start);
          around(node.right, suspends(node.body) ? '__rd$.it(' : '__rd$.ir(', `, ${S})`);
        } else resumeAround(node, parent);
        walkChildren(node);
        return;
      }
      case 'VariableDeclarator':
        if (node.init && node.id.type === 'ObjectPattern') destructure(node.id, node.init);
        else if (node.init && node.id.type === 'ArrayPattern') structureRead(node.init);
        walkChildren(node);
        return;
      case 'ForInStatement': {
        const S = site(node.right.start);
        around(node.right, '__rd$.ir(', `, ${S})`);
        walkChildren(node);
        return;
      }
      case 'SpreadElement': {
        // `{ ...o }` copies o's own values (a read of each, as Object.values); `[...xs]` and `f(...xs)` iterate.
        if (parent.type === 'ObjectExpression') readsValuesOf(node.argument, false);
        else around(node.argument, '__rd$.ir(', `, ${site(node.argument.start)})`);
        walkChildren(node);
        return;
      }
      case 'TryStatement': {
        const T = currentCtxVar();
        if (T !== null) {
          // A rejected await resumes in catch / finally without passing through __rd$.rs.
          if (node.handler) openAt(node.handler.body.start + 1, `__rd$.rs(0, ${T});`);
          if (node.finalizer) openAt(node.finalizer.start + 1, `__rd$.rs(0, ${T});`);
        }
        // A call whose arguments threw was announced and never completed: catch and finally cut the
        // flow's announcements back to what they were when the try began. Not across a yield, after
        // which the catch may run in another flow than the try began in.
        if (!yields(node.block) && !(node.handler && yields(node.handler))) {
          s.prependRight(node.start, '{ const __rdP = __rd$.pd(); ');
          if (node.handler) openAt(node.handler.body.start + 1, '__rd$.pt(__rdP);');
          if (node.finalizer) openAt(node.finalizer.start + 1, '__rd$.pt(__rdP);');
          s.appendLeft(node.end, ' }');
        }
        walkChildren(node);
        return;
      }
      case 'Identifier': {
        const imported = importRefs.get(node);
        if (imported !== undefined && identifierIsRead(node, parent, key) && !isCalled(parent, key)) {
          // The handle is made only for names read outside call position (a called function needs none).
          const handle = handleFor(imported[0], imported[1]);
          if (parent.type === 'Property' && parent.shorthand) openAt(node.start, `${node.name}: `);
          openAt(node.start, '__rd$.ib(');
          s.prependLeft(node.end, `, ${handle}, ${site(node.start)})`);
          return;
        }
        const cell = trackedRefs.get(node);
        if (cell !== undefined && identifierIsRead(node, parent, key) && !redundant.has(node)) {
          const S = site(node.start);
          noteGuard(node);
          // `{ __proto__ }` makes an own property; written out, `__proto__: v` would set the prototype.
          if (parent.type === 'Property' && parent.shorthand) openAt(node.start, node.name === '__proto__' ? '["__proto__"]: ' : `${node.name}: `);
          openAt(node.start, polling > 0 || pollTests.has(node) ? '__rd$.pb(' : exitTests.has(node) ? '__rd$.xb(' : '__rd$.rb(');
          s.prependLeft(node.end, `, ${cell}, ${S})`);
        }
        return;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement': {
        if (node.test && suspends(node.body)) {
          for (const key of Object.keys(node)) {
            const v = node[key];
            if (key === 'test') {
              polling++;
              walk(v, node, key);
              polling--;
            } else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, node, key);
          }
          return;
        }
        walkChildren(node);
        return;
      }
      default:
        walkChildren(node);
    }
  }

  /** `const { a, b } = o` reads o.a and o.b: `= __rd$.dr(o, ["a", "b"], S)` records them. */
  function destructure(pattern: Node, init: Node): void {
    const { keys, rest } = patternKeys(pattern);
    if (keys.length === 0 && !rest) return;
    const S = site(init.start);
    around(init, '__rd$.dr(', `, ${JSON.stringify(keys)}, ${rest}, ${S})`);
  }

  function structureRead(init: Node): void {
    const S = site(init.start);
    around(init, '__rd$.ir(', `, ${S})`);
  }

  function resumeAround(node: Node, parent: Node): void {
    const T = currentCtxVar();
    if (T === null) return;
    if (node.body.type === 'BlockStatement') openAt(node.body.start + 1, `__rd$.rs(0, ${T});`);
    if (parent && (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase' || parent.type === 'StaticBlock')) {
      // A body without braces may end without a semicolon (`for await (const x of xs) log(x)`).
      const ended = code[node.end - 1] === ';' || code[node.end - 1] === '}';
      s.prependLeft(node.end, `${ended ? '' : ';'}__rd$.rs(0, ${T});`);
    }
  }

  function walkChildren(node: Node): void {
    for (const key in node) {
      if (key === 'type' || key === 'loc' || key === 'start' || key === 'end') continue;
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) walk(c, node, key);
      } else if (v !== null && typeof v === 'object' && typeof v.type === 'string') walk(v, node, key);
    }
  }

  // Program: module top level is the main flow in ES modules; CommonJS runs in its caller's context.
  const program: FnInfo = { node: ast, name: '<anonymous>', ctxVar: module ? '__rdM' : null, cells: [] };
  fnStack.push(program);
  walkChildren(ast);
  // Last, so that these come after whatever the walk put at the same places.
  for (const [node, cells] of blockCells) {
    const decls = cells.join(', ');
    if (node.type === 'BlockStatement') s.appendRight(node.start + 1, `const ${decls};`);
    else {
      s.appendLeft(node.init.end, `, ${decls}`);
      s.appendLeft(node.update.end, `, ${decls}`);
    }
  }
  fnStack.pop();

  // Functions whose text changed get a mark; the file then says how to find its code as it was.
  const tag = fileTag(input.file);
  const marked = markChangedFunctions(s, tag, sourced);
  const origin = marked > 0 ? encodeOrigin({ tag, hash: codeHash(code), module, typescript: input.typescript === true, onDisk: input.onDisk !== false }) : '';

  // Preamble, after a hashbang and the directive prologue, on the first line so no line moves.
  let at = 0;
  // A directive written without its semicolon ('use strict' and a newline) ends before the newline;
  // the preamble then needs one, or it would continue the directive's expression.
  let terminate = false;
  for (const st of ast.body) {
    if (st.type === 'ExpressionStatement' && st.directive !== undefined) {
      at = st.end;
      terminate = code[st.end - 1] !== ';';
    } else break;
  }
  if (at === 0 && code.startsWith('#!')) at = code.indexOf('\n') === -1 ? code.length : code.indexOf('\n') + 1;
  // The site table is a string, not an array literal: V8 parses a string of 30,000 numbers ~5x faster
  // than an array of them, and the runtime decodes it only when a report names a site.
  const siteFile = input.siteFile !== undefined ? `, ${JSON.stringify(input.siteFile)}` : '';
  const guardArg = guardSites.length > 0 || origin !== '' || siteFile !== '' ? `, "${guardSites.join(',')}"` : '';
  const originArg = origin !== '' ? `, "${origin}"` : siteFile !== '' ? ', void 0' : '';
  const decls = [`__rdS = __rd$.file(${JSON.stringify(input.file)}, ${table.length / 3}, "${table.join(',')}", ${JSON.stringify(names)}${guardArg}${originArg}${siteFile})`];
  if (module) decls.push('__rdM = __rd$.top()');
  decls.push(...moduleCells);
  const reexports = module ? reExports(ast) : null;
  if (exportEntries.length > 0 || (reexports !== null && reexports.length > 0)) {
    decls.push(`__rdX = __rd$.ex(import.meta.url, [${exportEntries.join(', ')}]${reexports !== null && reexports.length > 0 ? `, ${JSON.stringify(reexports)}` : ''})`);
  }
  s.appendLeft(at, `${terminate ? ';' : ''}var ${decls.join(', ')};`);

  const mappings = boundaryMappings(s, lineStarts);
  // `sources` as magic-string writes it (its path relative to no file: separators turned to '/').
  const map: EncodedSourceMap =
    mappings !== null
      ? { version: 3, sources: [input.file.split(/[/\\]/).join('/')], names: [], mappings }
      : (s.generateMap({ hires: 'boundary', source: input.file, includeContent: false }) as unknown as EncodedSourceMap);
  return { code: s.toString(), map, sites: table.length / 3, origin };
}

/** The static keys an object pattern reads, and whether it has a rest element (which reads the key set). */
function patternKeys(pattern: Node): { keys: string[]; rest: boolean } {
  const keys: string[] = [];
  for (const p of pattern.properties) {
    if (p.type === 'Property' && !p.computed && (p.key.type === 'Identifier' || p.key.type === 'Literal')) keys.push(String(p.key.name ?? p.key.value));
  }
  return { keys, rest: pattern.properties.some((p: Node) => p.type === 'RestElement') };
}

/**
 * Which role a member expression plays for its parent: 'target' for the target of a destructuring
 * assignment or of a for-in / for-of head, which the engine writes.
 */
function memberRole(node: Node, parent: Node, key: string): 'read' | 'target' | 'other' {
  if (!parent) return 'read';
  if (isCalled(parent, key)) return 'other';
  switch (parent.type) {
    case 'AssignmentExpression':
      return key === 'left' ? 'other' : 'read';
    case 'UpdateExpression':
      return 'other';
    case 'UnaryExpression':
      return parent.operator === 'delete' ? 'other' : 'read';
    case 'ArrayPattern':
    case 'RestElement':
    case 'AssignmentPattern':
      return key === 'right' ? 'read' : 'target';
    case 'Property':
      return parent.value === node && isPatternProperty(parent) ? 'target' : 'read';
    case 'ForOfStatement':
    case 'ForInStatement':
      return key === 'left' ? 'target' : 'read';
    default:
      return 'read';
  }
}

/** Properties of object patterns (their values are assignment targets), marked by the walk. */
const patternProperties = new WeakSet<Node>();
function isPatternProperty(p: Node): boolean {
  return patternProperties.has(p);
}

function identifierIsRead(node: Node, parent: Node, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'AssignmentExpression':
      return key !== 'left';
    case 'UpdateExpression':
      return false;
    case 'UnaryExpression':
      // `delete x` answers differently for a call than for a variable.
      return parent.operator !== 'delete';
    case 'VariableDeclarator':
      return key !== 'id';
    case 'ExportSpecifier':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'MemberExpression':
      return key === 'object' || (key === 'property' && parent.computed);
    case 'Property':
      if (isPatternProperty(parent)) return false;
      return key === 'value' || (key === 'key' && parent.computed);
    case 'ArrayPattern':
    case 'RestElement':
      return false;
    case 'AssignmentPattern':
      return key === 'right';
    case 'ForOfStatement':
    case 'ForInStatement':
      return key !== 'left';
    default:
      return true;
  }
}

/** An import's or export's name: an identifier, or a string literal (`export { x as "a-b" }`). */
function exportName(n: Node): string {
  return n.type === 'Identifier' ? n.name : String(n.value);
}

/** A specifier naming a module of the program by path (`./lib.js`, `../state.mjs`), not a package. */
function isProgramSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

/** Where `parent` calls the node at `key`: a call's or `new`'s callee, or a tagged template's tag. */
function isCalled(parent: Node, key: string): boolean {
  return ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && key === 'callee') || (parent.type === 'TaggedTemplateExpression' && key === 'tag');
}

/** The local bindings an ES module exports, each with the names it is exported as. */
function localExports(ast: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (local: string, exported: string): void => {
    const names = out.get(local);
    if (names === undefined) out.set(local, [exported]);
    else if (!names.includes(exported)) names.push(exported);
  };
  for (const st of ast.body) {
    if (st.type !== 'ExportNamedDeclaration' || st.source) continue;
    if (st.declaration?.type === 'VariableDeclaration') {
      for (const d of st.declaration.declarations) {
        const ids: Node[] = [];
        patternTargets(d.id, ids);
        for (const id of ids) if (id.type === 'Identifier') add(id.name, id.name);
      }
    }
    for (const sp of st.specifiers ?? []) if (sp.type === 'ExportSpecifier' && sp.local.type === 'Identifier') add(sp.local.name, exportName(sp.exported));
  }
  return out;
}

/**
 * Re-exports of other modules of the program, for the runtime to follow (imports.ts): `[name,
 * specifier, imported name]` for `export { a as name } from './x'`, `['*', specifier]` for `export *
 * from './x'`.
 */
function reExports(ast: Node): string[][] {
  const out: string[][] = [];
  for (const st of ast.body) {
    const source = st.source?.value;
    if (typeof source !== 'string' || !isProgramSpecifier(source)) continue;
    if (st.type === 'ExportAllDeclaration' && !st.exported) out.push(['*', source]);
    else if (st.type === 'ExportNamedDeclaration') {
      for (const sp of st.specifiers ?? []) if (sp.type === 'ExportSpecifier') out.push([exportName(sp.exported), source, exportName(sp.local)]);
    }
  }
  return out;
}
