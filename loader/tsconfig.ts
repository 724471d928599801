// The tsconfig.json that governs a TypeScript file: esbuild reads compilerOptions such as
// experimentalDecorators and useDefineForClassFields from it, so its text is part of what a
// transpilation depends on (the transform cache's key includes it).

import fs from 'node:fs';
import path from 'node:path';

const tsconfigCache = new Map<string, string | undefined>();

/** The text of the nearest tsconfig.json at or above `dir` (not past a node_modules), if any. */
export function nearestTsconfig(dir: string): string | undefined {
  if (tsconfigCache.has(dir)) return tsconfigCache.get(dir);
  const candidate = path.join(dir, 'tsconfig.json');
  let found: string | undefined;
  if (fs.existsSync(candidate)) {
    try {
      found = fs.readFileSync(candidate, 'utf8');
    } catch {
      found = undefined;
    }
  } else {
    const parent = path.dirname(dir);
    found = parent !== dir && !dir.endsWith(`${path.sep}node_modules`) ? nearestTsconfig(parent) : undefined;
  }
  tsconfigCache.set(dir, found);
  return found;
}
