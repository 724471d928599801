// Static access sites. The instrumenter gives every access, await and async function in a file a
// number; the file registers its table once at start-up and each access passes base + index. Reports
// turn a site back into a frame (function, original file, line, column) without capturing a stack, which
// costs microseconds where a site id costs nothing.

import { lastAtMost } from './sorted.js';
import { SafeSet, splitText } from './primordials.js';

export interface SiteFrame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

// One entry per registered file, in site order: the file's first site, its name, its table (decoded on
// first use) and its function names. A site is looked up only when a report names it.
const files: string[] = [];
const firstSites: number[] = [];
const tables: (string | readonly number[])[] = [];
const fnNames: (readonly string[])[] = [];
let siteCount = 0;

/**
 * Guard sites: reads in the test of a conditional update (an `if`, `while`, `&&` / `||` / `??` or
 * `? :` whose branch writes what they read in the same stretch; see loader/guards.ts). The runtime
 * does not count them as timing-dependent reads.
 */
const guards = new SafeSet<number>();

/**
 * Registers a file's `count` sites and returns the id of its first one. `table` holds (line, column,
 * function-name index) triples in the original source's coordinates, as numbers or as the
 * comma-separated string the instrumenter emits; `guardList` the file's guard sites, comma-separated.
 */
export function registerFile(file: string, count: number, table: string | readonly number[], names: readonly string[], guardList = ''): number {
  const base = siteCount;
  files[files.length] = file;
  firstSites[firstSites.length] = base;
  tables[tables.length] = table;
  fnNames[fnNames.length] = names;
  siteCount += count;
  if (guardList !== '') for (const g of splitText(guardList, ',')) guards.add(base + Number(g));
  return base;
}

/** True for a guard read's site (a conditional update's test). */
export function isGuardSite(site: number): boolean {
  return guards.size > 0 && guards.has(site);
}

function tableOf(fileIndex: number): readonly number[] {
  const t = tables[fileIndex];
  if (typeof t !== 'string') return t;
  const decoded: number[] = [];
  if (t !== '') for (const n of splitText(t, ',')) decoded[decoded.length] = Number(n);
  tables[fileIndex] = decoded;
  return decoded;
}

export function siteFrame(site: number): SiteFrame | null {
  if (!validSite(site)) return null;
  // The file a site belongs to: the last one whose first site is not after it.
  const f = lastAtMost(firstSites, site);
  const table = tableOf(f);
  const i = (site - firstSites[f]) * 3;
  return { fn: fnNames[f][table[i + 2]] ?? '', file: files[f], line: table[i], column: table[i + 1] };
}

export function validSite(site: number): boolean {
  return site >= 0 && site < siteCount;
}
