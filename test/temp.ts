// Temporary directories for tests, removed after each test file (test/remove-temp.ts runs that for
// every file). A child process or an exit handler cannot be relied on for it: Vitest's fork pool reuses
// a process for several files and ends it with a signal, so `process.on('exit')` never runs there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh private directory under the system's temp folder (mode 0700), its real path. */
export function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made[made.length] = dir;
  return dir;
}

/** Removes every directory tempDir made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
