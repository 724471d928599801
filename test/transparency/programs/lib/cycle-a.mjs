import { bName, describeB, bCounter } from './cycle-b.mjs';
export let aCounter = 0;
export const aName = 'module-a';
export function describeA(depth = 0) {
  const info = { name: 'A', depth, sees: typeof bName === 'string' ? bName : 'b-not-ready' };
  return depth < 2 ? `${info.name}(${info.depth}:${info.sees}) -> ${describeB(depth + 1)}` : `${info.name}(${info.depth}) end`;
}
export function bumpA() { aCounter += 1; return aCounter; }
export class Registry { static items = []; static add(x) { Registry.items.push(x); return Registry.items.length; } }
export const aReady = `a sees b counter ${bCounter}`;
export async function loadA(tag) { const parts = [tag]; await null; parts.push('resumed'); return parts.join(' '); }
