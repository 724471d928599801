// A JavaScript file's own source map: what `tsc`, Babel or a bundler wrote beside its output and named
// in a `//# sourceMappingURL=` comment. Node applies it under --enable-source-maps; once the file is
// instrumented, Node sees only the instrumentation's map, so the two are chained (compile.ts) and
// stacks name the `.ts` lines, as they would without the detector.
//
// Never fatal: a map that is missing, unreadable or malformed leaves the file as if it had none.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';

export interface OwnSourceMap {
  map: EncodedSourceMap;
  /** file: URL of the map's one source, when it has exactly one (the usual compiler output). */
  source: string | null;
}

// The comment must be the file's last one (Node's rule: it looks at the end of the file).
const COMMENT = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

export function ownSourceMap(code: string, file: string): OwnSourceMap | null {
  // The last line that is not blank (the text is not copied: files run to megabytes).
  let end = code.length;
  while (end > 0 && code.charCodeAt(end - 1) <= 32) end--;
  const m = COMMENT.exec(code.slice(code.lastIndexOf('\n', end - 1) + 1, end));
  if (m === null) return null;
  try {
    const ref = m[1];
    let text: string;
    let mapFile: string;
    if (ref.startsWith('data:')) {
      const comma = ref.indexOf(',');
      if (comma < 0) return null;
      const body = ref.slice(comma + 1);
      text = /;base64$/.test(ref.slice(0, comma)) ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      mapFile = file;
    } else {
      mapFile = ref.startsWith('file:') ? fileURLToPath(ref) : path.resolve(path.dirname(file), decodeURIComponent(ref));
      text = fs.readFileSync(mapFile, 'utf8');
    }
    const map = JSON.parse(text) as EncodedSourceMap & { sourceRoot?: string; sections?: unknown };
    if (map.version !== 3 || typeof map.mappings !== 'string' || !Array.isArray(map.sources) || map.sections !== undefined) return null;
    const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
    // Sources as absolute file: URLs, so that what the chained map names is where the files are.
    const sources = map.sources.map((s) => (s === null ? s : resolveSource(root, s, mapFile)));
    const resolved = { ...map, sources, sourceRoot: undefined } as EncodedSourceMap;
    return { map: resolved, source: sources.length === 1 && typeof sources[0] === 'string' ? sources[0] : null };
  } catch {
    return null;
  }
}

function resolveSource(root: string, source: string, mapFile: string): string {
  const joined = root === '' ? source : `${root.replace(/\/?$/, '/')}${source}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(joined)) return joined;
  return pathToFileURL(path.resolve(path.dirname(mapFile), joined)).href;
}
