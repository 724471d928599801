// Marks for Function.prototype.toString (src/runtime/source-marks.ts): which functions and classes
// instrumentation changed, where their text starts as V8 sees it, and a comment inside each.

import type MagicString from 'magic-string';
import { type Node, skipTrivia } from './ast.js';
import type { Chunk, Internals } from './sourcemap.js';
import { sourceMark } from '../src/runtime/source-marks.js';

/** A function or class whose source text V8 can be asked for, and where a mark can go inside it. */
interface Sourced {
  /** Where V8's text of it starts and ends, in the code before instrumentation. */
  start: number;
  end: number;
  /** A position strictly inside that text, between two tokens. */
  markAt: number;
}

/**
 * A function node's text as V8 gives it: a method's starts at its definition (`async`, `get`, `*` and
 * a computed key included, `static` not); any other function's at its own start.
 */
export function functionText(code: string, fn: Node, parent: Node | null): Sourced {
  let start = fn.start;
  if (parent && (parent.type === 'MethodDefinition' || (parent.type === 'Property' && (parent.method || parent.kind !== 'init'))) && parent.value === fn) {
    start = parent.static ? skipTrivia(code, parent.start + 'static'.length) : parent.start;
  }
  // In a block body: after its `{`; an expression body: right before it. Never among the parameters,
  // where a comment could hold it (and a parameter's default could hold a function of its own).
  const markAt = fn.body.type === 'BlockStatement' ? fn.body.start + 1 : fn.body.start;
  return { start, end: fn.end, markAt };
}

export function classText(cls: Node): Sourced {
  return { start: cls.start, end: cls.end, markAt: cls.body.start + 1 };
}

/**
 * The edits in `s` as [from, to] pairs in source order: an insertion at p is [p, p], a replaced span
 * [start, end]. Null when magic-string's chunks cannot be read (another version): then every
 * function counts as changed.
 */
function edits(s: MagicString): number[] | null {
  const ms = s as unknown as Internals;
  if (ms.firstChunk === undefined) return null;
  const out: number[] = [];
  for (let c: Chunk | null = ms.firstChunk; c !== null; c = c.next) {
    if (c.intro.length > 0) out.push(c.start, c.start);
    if (c.edited) out.push(c.start, c.end);
    if (c.outro.length > 0) out.push(c.end, c.end);
  }
  return out;
}

/**
 * Puts a mark in every function and class whose text the edits so far changed (an edit strictly
 * inside it: text inserted right before its first or after its last character is not part of it).
 * Returns how many were marked.
 */
export function markChangedFunctions(s: MagicString, tag: string, sourced: readonly Sourced[]): number {
  const e = edits(s);
  let marked = 0;
  for (const f of sourced) {
    if (e !== null && !editedInside(e, f.start, f.end)) continue;
    try {
      s.appendLeft(f.markAt, sourceMark(tag, f.start, f.end));
      marked++;
    } catch {
      /* the position is inside replaced text: this function keeps its instrumented text */
    }
  }
  return marked;
}

/** Whether a pair [from, to] of `e` has from < end and to > start (pairs are in source order). */
function editedInside(e: readonly number[], start: number, end: number): boolean {
  // The first pair whose end is past `start`: ends never decrease along the list.
  let lo = 0;
  let hi = e.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (e[mid * 2 + 1] > start) hi = mid;
    else lo = mid + 1;
  }
  return lo < e.length / 2 && e[lo * 2] < end;
}
