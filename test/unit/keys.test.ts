// Location keys: the instrumenter names a literal key's location exactly as the runtime names a
// computed key's, so the two paths meet at one location.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../loader/instrument.js';
import { locationKey } from '../../src/runtime/keys.js';

function literalKeyIn(source: string): string {
  const m = /__rd\$\.r\(a, (.*?), __rdS\+\d+\)/.exec(instrument({ code: source, file: 'file:///t.mjs', module: true }).code);
  return m![1];
}

describe('location keys', () => {
  it('makes array indices numbers and every other key a string', () => {
    expect([locationKey(3), locationKey('3'), locationKey('03'), locationKey(1.5), locationKey('x'), locationKey(4294967295)]).toEqual([3, 3, '03', '1.5', 'x', 4294967295]);
  });

  it("writes a literal key as the runtime's computed key would be", () => {
    for (const [literal, key] of [['3', 3], ['"3"', 3], ['"03"', '03'], ['1.5', '1.5'], ["'x'", 'x'], ['4294967295', 4294967295]] as const) {
      expect(literalKeyIn(`const a = g(); a[${literal}];`)).toBe(JSON.stringify(key));
    }
  });
});
