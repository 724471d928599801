// The instrumentation's source map is written from magic-string's chunks (loader/sourcemap.ts); it must
// map every position as magic-string's own generateMap({ hires: 'boundary' }) does, edit for edit,
// except where whitespace starts: a stack never points there, so that segment is left out.
import MagicString from 'magic-string';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import { boundaryMappings } from '../../loader/sourcemap.js';
import { prng } from './prng.js';

function lineStarts(code: string): number[] {
  const out = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

function expected(s: MagicString): string {
  return s.generateMap({ hires: 'boundary', source: 'file:///t.mjs', includeContent: false }).mappings;
}

/**
 * Where the two maps disagree: generated positions, other than whitespace, that they map to different
 * original positions. Also counts the segments of each: leaving segments out is the point.
 */
function disagreements(s: MagicString, ours: string | null): { differ: string[]; ourSegments: number; theirSegments: number } {
  expect(ours).not.toBeNull();
  const theirs = expected(s);
  const a = new TraceMap({ version: 3, sources: ['file:///t.mjs'], names: [], mappings: ours! });
  const b = new TraceMap({ version: 3, sources: ['file:///t.mjs'], names: [], mappings: theirs });
  const differ: string[] = [];
  const lines = s.toString().split('\n');
  for (let l = 0; l < lines.length; l++) {
    for (let c = 0; c < lines[l].length; c++) {
      if (/[ \t\r]/.test(lines[l][c])) continue;
      const pa = originalPositionFor(a, { line: l + 1, column: c });
      const pb = originalPositionFor(b, { line: l + 1, column: c });
      if (pa.line !== pb.line || pa.column !== pb.column) differ.push(`${l + 1}:${c} ours ${pa.line}:${pa.column} magic-string ${pb.line}:${pb.column}`);
    }
  }
  const count = (m: string): number => m.split(/[,;]/).filter((x) => x !== '').length;
  return { differ, ourSegments: count(ours!), theirSegments: count(theirs) };
}

const PIECES = ['const', ' ', 'a', '.', 'b', '(', ')', ';', '\n', '\r\n', '  ', 'x_1', '$y', '"s"', '😀', 'é', '{', '}', '=>', '0x1f', '\t', '// c\n'];

describe('source maps written from the chunks', () => {
  it('map as magic-string does for inserted, replaced and removed text, one line or many', () => {
    const code = 'const a = o.b;\nfunction f(x) {\n  return x.y + 1;\n}\n';
    const s = new MagicString(code);
    s.appendRight(10, '__rd$.r(');
    s.prependLeft(11, ', "b", 1)');
    s.appendLeft(0, 'var pre = 1;');
    s.overwrite(37, 38, 'X\nY');
    s.prependRight(41, '\n\n');
    s.remove(44, 46);
    s.overwrite(28, 31, 'one\ntwo\n');
    const d = disagreements(s, boundaryMappings(s, lineStarts(code)));
    expect(d.differ).toEqual([]);
    // Six spaces get no segment of their own; those right before an insertion keep theirs.
    expect(d.theirSegments - d.ourSegments).toBe(6);
  });

  it('map as magic-string does on random sources and random edits', () => {
    const next = prng(20261124);
    for (let round = 0; round < 300; round++) {
      let code = '';
      const length = 1 + Math.floor(next() * 40);
      for (let i = 0; i < length; i++) code += PIECES[Math.floor(next() * PIECES.length)];
      const s = new MagicString(code);
      const edits = Math.floor(next() * 8);
      const used: Array<[number, number]> = [];
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (code.length + 1));
        const text = PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.3 ? '\n' : '');
        const kind = Math.floor(next() * 6);
        // magic-string refuses to split a range it already replaced.
        if (kind < 4 && used.some(([a, b]) => at > a && at < b)) continue;
        if (kind === 0) s.appendLeft(at, text);
        else if (kind === 1) s.appendRight(at, text);
        else if (kind === 2) s.prependLeft(at, text);
        else if (kind === 3) s.prependRight(at, text);
        else {
          const end = Math.min(code.length, at + 1 + Math.floor(next() * 5));
          if (at >= end || used.some(([a, b]) => at < b && end > a)) continue;
          used.push([at, end]);
          if (kind === 4) s.overwrite(at, end, text);
          else s.remove(at, end);
        }
      }
      if (next() < 0.2) s.prepend('// head\n');
      if (next() < 0.2) s.append('\n// tail');
      const d = disagreements(s, boundaryMappings(s, lineStarts(code)));
      expect(d.differ, JSON.stringify({ code, out: s.toString() })).toEqual([]);
      expect(d.ourSegments).toBeLessThanOrEqual(d.theirSegments);
    }
  });

  it('leaves to magic-string what it does not handle: stored names, moved chunks, spans outside the source', () => {
    const code = 'let a = b; let c = d;\n';
    const named = new MagicString(code);
    named.overwrite(4, 5, 'z', { storeName: true });
    expect(boundaryMappings(named, lineStarts(code))).toBeNull();
    const moved = new MagicString(code);
    moved.move(0, 10, code.length);
    expect(boundaryMappings(moved, lineStarts(code))).toBeNull();
    // Trimming a replaced chunk leaves spans outside the source (a negative start, an end past it).
    const trimmedStart = new MagicString('ab');
    trimmedStart.overwrite(0, 1, ' xyz');
    trimmedStart.trimStart();
    expect(boundaryMappings(trimmedStart, lineStarts('ab'))).toBeNull();
    const trimmedEnd = new MagicString('ab');
    trimmedEnd.overwrite(1, 2, 'xyz ');
    trimmedEnd.trimEnd();
    trimmedEnd.reset(0, 2);
    expect(boundaryMappings(trimmedEnd, lineStarts('ab'))).toBeNull();
  });
});
