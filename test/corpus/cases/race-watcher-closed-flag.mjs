// expect: race
// As norace-watcher-closed-flag.mjs, but the handler tests the flag only before it waits: close()
// can set it and clear the entries while the listing is read, and the handler then adds an entry
// to a closed watcher.
import { readdir, stat } from 'node:fs/promises';

class Watcher {
  constructor() {
    this.closed = false;
    this.entries = new Set();
  }
  async handle(name) {
    if (this.closed) return;
    const known = this.entries.has(name); // race
    if (!known) console.log('new entry', name);
    await readdir('.');
    this.entries.add(name); // race
  }
  async close() {
    await stat('.');
    this.closed = true;
    this.entries.clear(); // race
    console.log('closed with', this.entries.size, 'entries');
  }
}

const w = new Watcher();
await Promise.all([w.handle('a'), w.handle('b'), w.close()]);
console.log('closed');
