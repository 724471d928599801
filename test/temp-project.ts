// A throwaway project for a test: `files` (relative path -> text) written under a new directory in the
// system's temp folder, removed when the test file is done. Its real path is returned (macOS's /var is
// a link to /private/var, and resolved module paths are real ones).
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';

export function tempProject(prefix: string, files: Record<string, string>): string {
  const root = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
