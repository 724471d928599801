// expect: none
// A directory watcher remembers the entries it has seen. Handling an entry reads whether it is
// known, waits for the directory listing, and on resuming stops if the watcher was closed meanwhile
// before adding the entry. close() sets the flag and clears the entries in one stretch: wherever it
// falls, either the handler sees the flag and adds nothing, or its add comes before the clear.
import { readdir, stat } from 'node:fs/promises';

class Watcher {
  constructor() {
    this.closed = false;
    this.entries = new Set();
  }
  async handle(name) {
    const known = this.entries.has(name);
    if (!known) console.log('new entry', name);
    await readdir('.');
    if (this.closed) return;
    this.entries.add(name);
  }
  async close() {
    await stat('.');
    this.closed = true;
    this.entries.clear();
    console.log('closed with', this.entries.size, 'entries');
  }
}

const w = new Watcher();
await Promise.all([w.handle('a'), w.handle('b'), w.close()]);
console.log('after close', w.entries.size);
