// Which files are instrumented: everything outside node_modules by default; `include` globs widen
// that (node_modules included), `exclude` globs narrow it. racedetect's own files never are.

import path from 'node:path';

const SOURCE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;

/** A glob: `**` any run of path segments, `*` any run within one segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}$`);
}

export interface FilterOptions {
  include: string[];
  exclude: string[];
  ownDir: string;
}

export function createFilter(o: FilterOptions): (file: string) => boolean {
  const include = o.include.map(globToRegExp);
  const exclude = o.exclude.map(globToRegExp);
  return (file: string) => {
    if (!SOURCE.test(file)) return false;
    const p = file.split(path.sep).join('/');
    if (o.ownDir && file.startsWith(o.ownDir)) return false;
    if (exclude.some((r) => r.test(p))) return false;
    if (include.length > 0) return include.some((r) => r.test(p));
    return !p.includes('/node_modules/');
  };
}
