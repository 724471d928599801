// The inert entry points (src/runtime/inert.ts): the standalone set, used on the module hooks' thread,
// has every entry point the runtime has, and each does only what the program would.
import { describe, expect, it } from 'vitest';
import { api, inertApi } from '../../src/runtime/access.js';
import { standaloneInertApi } from '../../src/runtime/inert.js';

function entryNames(o: object): string[] {
  const names = new Set<string>(Object.keys(o));
  for (let p = Object.getPrototypeOf(o); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const k of Object.keys(p)) names.add(k);
  return [...names].sort();
}

describe('inert entry points', () => {
  it('the standalone set has exactly the runtime’s entry points, as the idle set does', () => {
    expect(entryNames(standaloneInertApi(() => undefined))).toEqual(entryNames(api));
    expect(entryNames(inertApi())).toEqual(entryNames(api));
  });

  it('return what they were given and leave computed keys in k', () => {
    const inert = standaloneInertApi(() => undefined) as Record<string, (...a: unknown[]) => unknown> & { k: unknown };
    const o = { a: 1 };
    expect(inert.r(o, 'a', 3)).toBe(o);
    expect(inert.aw(o, null, 4)).toBe(o);
    expect(inert.rk(o, 'a', 5)).toBe(o);
    expect(inert.k).toBe('a');
    expect(typeof inert.file('file:///x.mjs', 2, '', [])).toBe('number');
    expect(inert.leave(inert.enter(1))).toBeUndefined();
  });
});
