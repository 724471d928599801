// A throwaway project for a test: `files` (relative path -> text) written under a new directory in the
// system's temp folder, whose real path is returned (macOS's /var is a link to /private/var, and
// resolved module paths are real ones).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempProject(prefix: string, files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
