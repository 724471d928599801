// What the detector keeps must go when the program's objects go: a server meets a new connection, with
// a new pair of endpoints, for every client, and whatever the detector names by connection has to be
// released with it. Measured with heap statistics after full collections, never with timing.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, registerPath, run } from './helpers.js';

const fixtures = path.join(projectDir, 'test', 'fixtures', 'memory');

interface Heaps {
  first: number;
  second: number;
  heaps: [number, number];
  requests: number;
}

async function heaps(detector: boolean, first: number, second: number): Promise<Heaps> {
  const argv = ['--expose-gc', ...(detector ? ['--import', registerPath] : []), 'connections.mjs', String(first), String(second)];
  const r = await run(argv, { cwd: fixtures, timeoutMs: 90_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Heaps;
}

describe('memory on long runs', { timeout: 120_000 }, () => {
  it('connections to an in-process server: the heap does not grow with their number', async () => {
    const result = await heaps(true, 2000, 6000);
    expect(result.requests).toBe(6000);
    const perConnection = (result.heaps[1] - result.heaps[0]) / (result.second - result.first);
    // Plain Node measures about 20 bytes per connection here; keeping each connection's channel clocks
    // for good measured 460-630.
    expect(perConnection).toBeLessThan(100);
  });
});
