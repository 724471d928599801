// expect: race
// A unit test hands a file to a background hashing worker, sleeps "long
// enough" and then asserts on the worker's results. The sleep orders nothing:
// the assertion reads the results array whose push it merely hopes came first.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const results = [];

async function hashWorker(files) {
  for (const file of files) {
    const data = await readFile(file);
    results.push(createHash('sha256').update(data).digest('hex').slice(0, 12)); // race
  }
}

hashWorker([fileURLToPath(import.meta.url)]);
await sleep(80);
assert.equal(results.length, 1); // race
console.log('hash worker test passed');
