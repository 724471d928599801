// The instrumentation's source map, written straight from magic-string's chunks.
//
// magic-string's own generateMap({ hires: 'boundary' }) builds a four-element array for every character
// of the file (kept or not), then a list of lists, then encodes it: for a 100 KB module that was 6-7 MB
// of garbage and about a quarter of instrumenting it. This walks the same chunks and writes the same
// mappings (a segment where each run of word characters starts, at every other character, at the start
// of each chunk and of each edit's lines) as VLQ text directly. Anything it does not expect (stored
// names, chunks out of source order) makes it return null, and the caller asks magic-string instead.

import type MagicString from 'magic-string';
import { lastAtMost } from '../src/runtime/sorted.js';

export interface Chunk {
  start: number;
  end: number;
  intro: string;
  outro: string;
  content: string;
  edited: boolean;
  storeName: boolean;
  next: Chunk | null;
}

export interface Internals {
  original: string;
  intro: string;
  outro: string;
  firstChunk: Chunk;
  storedNames: Record<string, unknown>;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEMICOLON = 59;
const COMMA = 44;

/** The mappings text, grown in a byte buffer (all of it is ASCII). */
class Writer {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  // Generated column (lines are counted by the semicolons), and whether the line has a segment yet.
  column = 0;
  private lineHasSegment = false;
  // The previous segment's fields that carry over from line to line (the source index is always 0).
  private segColumn = 0;
  private srcLine = 0;
  private srcColumn = 0;

  private byte(b: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = b;
  }

  private vlq(delta: number): void {
    let v = delta < 0 ? (-delta << 1) | 1 : delta << 1;
    do {
      let digit = v & 31;
      v >>>= 5;
      if (v > 0) digit |= 32;
      this.byte(BASE64.charCodeAt(digit));
    } while (v > 0);
  }

  /** A segment at the current generated position for original (line, column). */
  segment(line: number, column: number): void {
    if (this.lineHasSegment) this.byte(COMMA);
    else this.segColumn = 0;
    this.vlq(this.column - this.segColumn);
    this.segColumn = this.column;
    // Source index: 0 for the first segment, and no change after it.
    this.vlq(0);
    this.vlq(line - this.srcLine);
    this.srcLine = line;
    this.vlq(column - this.srcColumn);
    this.srcColumn = column;
    this.lineHasSegment = true;
  }

  newLine(): void {
    this.byte(SEMICOLON);
    this.column = 0;
    this.lineHasSegment = false;
  }

  /** Generated text that maps to nothing (an insertion): only the position moves. */
  advance(text: string): void {
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.column += text.length;
      return;
    }
    let last = 0;
    while (nl >= 0) {
      this.newLine();
      last = nl + 1;
      nl = text.indexOf('\n', last);
    }
    this.column = text.length - last;
  }

  text(): string {
    return Buffer.from(this.buf.buffer, 0, this.n).toString('latin1');
  }
}

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The `mappings` of magic-string's generateMap({ hires: 'boundary' }) for `s`, or null when `s` holds
 * something this does not handle. `lineStarts`: the offsets where the original's lines start.
 */
export function boundaryMappings(s: MagicString, lineStarts: readonly number[]): string | null {
  const ms = s as unknown as Internals;
  if (typeof ms.original !== 'string' || ms.firstChunk === undefined || Object.keys(ms.storedNames ?? {}).length > 0) return null;
  const original = ms.original;
  const w = new Writer();
  if (ms.intro) w.advance(ms.intro);
  let expected = 0;
  for (let chunk: Chunk | null = ms.firstChunk; chunk !== null; chunk = chunk.next) {
    // Out of source order (move), or spans magic-string itself got wrong (trimming a chunk that was
    // replaced by text of another length): its own map is as wrong, but it is the one to match.
    if (chunk.start !== expected || chunk.end < chunk.start || chunk.end > original.length || chunk.storeName) return null;
    expected = chunk.end;
    let line = lastAtMost(lineStarts, chunk.start);
    let column = chunk.start - lineStarts[line];
    if (chunk.intro.length > 0) w.advance(chunk.intro);
    if (chunk.edited) {
      const content = chunk.content;
      if (content.length > 0) {
        // One segment per generated line of the edit, each at the chunk's original start; a newline
        // that ends the content starts no segment of its own.
        let nl = content.indexOf('\n');
        let from = 0;
        while (nl >= 0 && nl < content.length - 1) {
          w.segment(line, column);
          w.newLine();
          from = nl + 1;
          nl = content.indexOf('\n', from);
        }
        w.segment(line, column);
        w.advance(from === 0 ? content : content.slice(from));
      }
    } else {
      let inWord = false;
      for (let i = chunk.start; i < chunk.end; i++) {
        const c = original.charCodeAt(i);
        if (c === 10) {
          line++;
          column = 0;
          w.newLine();
          inWord = false;
          continue;
        }
        if ((c === 32 || c === 9 || c === 13) && i !== chunk.end - 1) {
          // No segment at whitespace (magic-string makes one per character): no stack position points
          // into it, and indentation was a third of the segments, all read at every start. Kept at a
          // chunk's end, where inserted text may follow and maps to it, as with magic-string.
          inWord = false;
        } else if (!isWordChar(c)) {
          w.segment(line, column);
          inWord = false;
        } else if (!inWord) {
          w.segment(line, column);
          inWord = true;
        }
        column++;
        w.column++;
      }
    }
    if (chunk.outro.length > 0) w.advance(chunk.outro);
  }
  if (expected !== original.length) return null;
  if (ms.outro) w.advance(ms.outro);
  return w.text();
}
