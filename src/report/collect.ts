// The CLI's side of the run directory: every process under `racedetect` appends its reports to
// RUN_DIR/PID.ndjson, one JSON line each (sink.ts). The collector reads what is new in each file,
// prints each distinct race once (the same race found by several processes - test workers running the
// same code - has the same key) and counts races and the processes that found them.

import fs from 'node:fs';
import path from 'node:path';
import { SafeMap, SafeSet } from '../runtime/primordials.js';

interface Line {
  key: string;
  text: string;
  report: unknown;
  /** When the process wrote it (Date.now()); absent in lines of older versions. */
  at?: number;
}

export class RunCollector {
  private readonly offsets = new SafeMap<string, number>();
  /** Partial last lines (a process was writing when we read). */
  private readonly partial = new SafeMap<string, string>();
  private readonly seen = new SafeSet<string>();
  /** Every distinct report, in the order first seen. */
  private readonly found: unknown[] = [];
  private readonly processes = new SafeSet<string>();

  constructor(
    private readonly dir: string,
    private readonly format: 'text' | 'json',
    private readonly print: (text: string) => void,
  ) {}

  /**
   * Reads what the processes added since the last poll and prints the races not seen before, in the
   * order they were written: files are named by process id, which wraps around and orders nothing,
   * and two processes run one after the other can both finish between two polls.
   */
  poll(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.ndjson')).sort();
    } catch {
      return;
    }
    const fresh: Line[] = [];
    for (const name of names) this.readNew(name, fresh);
    // A stable sort: lines of one process keep their order, and lines without a time their place.
    fresh.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    for (const line of fresh) {
      if (this.seen.has(line.key)) continue;
      this.seen.add(line.key);
      this.found.push(line.report);
      this.print(this.format === 'json' ? JSON.stringify(line.report) + '\n' : line.text);
    }
  }

  totals(): { races: number; processes: number } {
    return { races: this.seen.size, processes: this.processes.size };
  }

  /** The keys of the distinct races so far, in the order they were printed. */
  keys(): readonly string[] {
    return [...this.seen];
  }

  /** The distinct reports so far (each as the JSON a process wrote). */
  reports(): readonly unknown[] {
    return this.found;
  }

  /** Adds to `fresh` the complete lines `name` gained since the last read. */
  private readNew(name: string, fresh: Line[]): void {
    const file = path.join(this.dir, name);
    const from = this.offsets.get(name) ?? 0;
    let chunk: Buffer;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= from) return;
        chunk = Buffer.alloc(size - from);
        fs.readSync(fd, chunk, 0, chunk.length, from);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return;
    }
    this.offsets.set(name, from + chunk.length);
    const text = (this.partial.get(name) ?? '') + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial.set(name, lines.pop() ?? '');
    for (const raw of lines) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue;
      }
      this.processes.add(name);
      fresh.push(line);
    }
  }
}
