// expect: none
// Two config sources are applied concurrently at start-up. Each awaits its
// source first and then merges into the module-level config as it is at that
// moment, reading and replacing the binding in one synchronous step.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let config = { port: 8080, debug: false };

async function loadSource(name) {
  const text = await readFile(fileURLToPath(import.meta.url), 'utf8');
  return name === 'env' ? { debug: text.length > 0 } : { port: 9090 };
}

async function apply(name) {
  const patch = await loadSource(name);
  config = { ...config, ...patch };
}

await Promise.all([apply('env'), apply('file')]);
console.log('config', config.port, config.debug);
