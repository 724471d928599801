// Suppressions: a file of `race:PATTERN` lines (TSan's form). A pattern matches a function name, a
// file path or a location name in either access's stack; `*` matches any run of characters, and a
// pattern without `*` matches as a substring. Blank lines and `#` comments are ignored.

import fs from 'node:fs';
import type { RaceReport } from './build.js';
import { OptionError } from '../options.js';

export class Suppressions {
  constructor(private readonly patterns: RegExp[]) {}

  matches(r: RaceReport): boolean {
    const subjects = [r.location];
    for (const a of [r.current, r.previous, r.window]) {
      if (!a) continue;
      for (const f of a.stack) subjects.push(f.fn, f.file);
    }
    return this.patterns.some((p) => subjects.some((s) => p.test(s)));
  }
}

export function loadSuppressions(file: string): Suppressions {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new OptionError(`racedetect: cannot read suppressions file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const patterns: RegExp[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^race:(.+)$/.exec(line);
    if (!m) throw new OptionError(`racedetect: ${file}:${i + 1}: malformed suppression "${line}"; expected race:PATTERN`);
    const body = m[1].trim().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    patterns.push(new RegExp(body));
  });
  return new Suppressions(patterns);
}
