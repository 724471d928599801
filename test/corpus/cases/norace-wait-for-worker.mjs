// expect: none
// A unit test hands a file to a background hashing worker and polls for the
// result with a waitFor() helper: it re-reads the same slot every millisecond
// until the worker has filled it, then stops and asserts on the value it got.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const results = [];

async function hashWorker(files) {
  for (const file of files) {
    const data = await readFile(file);
    results.push(createHash('sha256').update(data).digest('hex').slice(0, 12));
  }
}

async function waitFor(probe, timeoutMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await sleep(1);
  }
}

hashWorker([fileURLToPath(import.meta.url)]);
const digest = await waitFor(() => results[0]);
assert.match(digest, /^[0-9a-f]{12}$/);
console.log('hash worker test passed');
