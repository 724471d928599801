// A function's source text as the program wrote it (Function.prototype.toString), after
// instrumentation changed it. The instrumenter puts a comment inside every function and class whose
// text it changed: the file's tag and the function's range in the code before instrumentation. The
// runtime finds the comments in the text V8 returns, takes the outermost (the function itself; the
// others belong to functions nested in it) and slices the original code (function-source.ts).
// Only comments are added: no line or column of the program moves, and no code runs.

import { regExpExec, sliceText } from './primordials.js';
import { createHash } from 'node:crypto';

export interface SourceMark {
  tag: string;
  start: number;
  end: number;
}

/** `/*rd$TAG:START:LENGTH*\/`, numbers in base 36: one per changed function, so kept short. */
export function sourceMark(tag: string, start: number, end: number): string {
  return `/*rd$${tag}:${start.toString(36)}:${(end - start).toString(36)}*/`;
}

/** Cheap test first: most functions' text holds no mark at all. */
export const MARK_PREFIX = '/*rd$';

const MARK = /\/\*rd\$([0-9a-z]+):([0-9a-z]+):([0-9a-z]+)\*\//g;

/** The mark of the function whose text this is: the widest of those in the text; null: none. */
export function outermostMark(text: string): SourceMark | null {
  let best: SourceMark | null = null;
  MARK.lastIndex = 0;
  for (let m = regExpExec(MARK, text); m !== null; m = regExpExec(MARK, text)) {
    const start = parseInt(m[2], 36);
    const end = start + parseInt(m[3], 36);
    if (best === null || end - start > best.end - best.start) best = { tag: m[1], start, end };
  }
  return best;
}

/**
 * What a file registers about its code before instrumentation (`tag:hash:flags`): the tag its marks
 * carry, a hash of that code (checked before slicing it), and how to get it again: `m`/`s` module or
 * script, `t` TypeScript (the code is the file transpiled), `f` the file on disk is the code (or its
 * TypeScript source), `x` it is not (another tool transformed it first).
 */
export interface SourceOrigin {
  tag: string;
  hash: string;
  module: boolean;
  typescript: boolean;
  onDisk: boolean;
}

export function encodeOrigin(o: SourceOrigin): string {
  return `${o.tag}:${o.hash}:${o.module ? 'm' : 's'}${o.typescript ? 't' : ''}${o.onDisk ? 'f' : 'x'}`;
}

const ORIGIN = /^([0-9a-z]+):([0-9a-f]+):([ms])(t?)([fx])$/;

export function decodeOrigin(text: string): SourceOrigin | null {
  const m = regExpExec(ORIGIN, text);
  return m === null ? null : { tag: m[1], hash: m[2], module: m[3] === 'm', typescript: m[4] === 't', onDisk: m[5] === 'f' };
}

/** The hash an origin carries of the code before instrumentation. */
export function codeHash(code: string): string {
  return sliceText(createHash('sha1').update(code).digest('hex'), 0, 16);
}

/**
 * The tag of a file's marks: from its URL, so that a file keeps its tag from run to run (and its
 * cached output stays valid). 36 bits; two loaded files with one tag are told apart at registration.
 */
export function fileTag(url: string): string {
  return parseInt(createHash('sha1').update(url).digest('hex').slice(0, 9), 16).toString(36);
}
