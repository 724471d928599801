import { describeA, bumpA, aName, loadA } from './cycle-a.mjs';
export let bCounter = 0;
export const bName = 'module-b';
export function describeB(depth) { return depth < 2 ? `B(${depth}) -> ${describeA(depth + 1)}` : `B(${depth}) end`; }
// Runs while cycle-a is still being evaluated: hoisted functions work, its let/const/class are in TDZ.
export const early = describeA(5);
export const earlyBump = (() => { try { return bumpA(); } catch (e) { return `${e.constructor.name}: ${e.message}`; } })();
export const earlyName = (() => { try { return aName; } catch (e) { return `${e.constructor.name}: ${e.message}`; } })();
export const earlyAsync = loadA('early async');
bCounter = 2;
