// expect: race
// Two config sources are applied concurrently at start-up. Each takes the
// current module-level config, awaits its source, and replaces the binding with
// a merged copy of what it took before the await, dropping the other's keys.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let config = { port: 8080, debug: false };

async function loadSource(name) {
  const text = await readFile(fileURLToPath(import.meta.url), 'utf8');
  return name === 'env' ? { debug: text.length > 0 } : { port: 9090 };
}

async function apply(name) {
  const base = config; // race
  const patch = await loadSource(name);
  config = { ...base, ...patch }; // race
}

await Promise.all([apply('env'), apply('file')]);
console.log('config keys', Object.keys(config).length);
