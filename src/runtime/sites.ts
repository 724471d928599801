// Static access sites. The instrumenter gives every access, await and async function in a file a
// number; the file registers its table once at start-up and each access passes base + index. Reports
// turn a site back into a frame (function, original file, line, column) without capturing a stack, which
// costs microseconds where a site id costs nothing.

export interface SiteFrame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

const files: string[] = [];
const lines: number[] = [];
const columns: number[] = [];
const fns: string[] = [];
const fileOf: number[] = [];

/**
 * Registers a file's sites and returns the id of its first one.
 * `table` holds (line, column, function-name index) triples in the original source's coordinates.
 */
export function registerFile(file: string, table: readonly number[], names: readonly string[]): number {
  const base = lines.length;
  const fileIndex = files.length;
  files.push(file);
  for (let i = 0; i < table.length; i += 3) {
    lines.push(table[i]);
    columns.push(table[i + 1]);
    fns.push(names[table[i + 2]] ?? '');
    fileOf.push(fileIndex);
  }
  return base;
}

export function siteFrame(site: number): SiteFrame | null {
  if (!(site >= 0 && site < lines.length)) return null;
  return { fn: fns[site], file: files[fileOf[site]], line: lines[site], column: columns[site] };
}

export function validSite(site: number): boolean {
  return site >= 0 && site < lines.length;
}
