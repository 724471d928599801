// The Vitest plugin's place in Vite's transform pipeline: after vitest:mocks (vi.mock and vi.hoisted
// hoisting), and with a source map whose source Vite resolves to the file itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, reportBlocks, run, tempDir } from './helpers.js';

const vitestBin = path.join(projectDir, 'node_modules', 'vitest', 'vitest.mjs');
const mocksProject = path.join(projectDir, 'test', 'fixtures', 'vitest-mocks');
const pollProject = path.join(projectDir, 'test', 'fixtures', 'vitest-poll');
const lateProject = path.join(projectDir, 'test', 'fixtures', 'vitest-late');
const fixturesProject = path.join(projectDir, 'test', 'fixtures', 'vitest-fixtures');
const pluginUrl = new URL('../../dist/vitest.mjs', import.meta.url).href;

describe('Vitest plugin', { timeout: 120_000 }, () => {
  it('a destructured vi.hoisted and a vi.mock factory are hoisted as without the detector, and the file is still instrumented', async () => {
    const r = await run([vitestBin, 'run'], { cwd: mocksProject, timeoutMs: 110_000 });
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/Parse failure|outside of the module's top level scope/);
    expect(out).toMatch(/✓ the mock and the hoisted state are in place/);
    expect(out).toMatch(/× a race in a file with hoisted mocks is found/);
    expect(out).toMatch(/Tests {2}1 failed \| 1 passed \(2\)/);
    const block = reportBlocks(out)[0];
    expect(block).toMatch(/^Write at Object#\d+\.v by async context \d+:\n {2}bump\(\)\n {6}test\/hoisted\.test\.ts:25:5\n/m);
    expect(r.code).toBe(1);
  });

  it('expect.poll, vi.waitFor and vi.waitUntil are polls; a read the poll does not order is still a race', async () => {
    // expect.poll checks once at once, then re-arms setTimeout(check) from a reaction after each failed
    // check; vi.waitFor and vi.waitUntil check once, then on an interval's ticks.
    const r = await run([vitestBin, 'run'], { cwd: pollProject, timeoutMs: 110_000 });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/✓ expect\.poll sees a flag set before its first timed check/);
    expect(out).toMatch(/✓ expect\.poll sees a flag set between two checks/);
    expect(out).toMatch(/✓ expect\.poll with an async probe/);
    expect(out).toMatch(/✓ vi\.waitFor sees a flag set before its first tick/);
    expect(out).toMatch(/✓ vi\.waitUntil sees a flag set between two ticks/);
    expect(out).toMatch(/× a result stored beside the polled status/);
    expect(out).toMatch(/Tests {2}1 failed \| 5 passed \(6\)/);
    const blocks = reportBlocks(out);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toMatch(/^Read at Object#\d+\.result by async context \d+:\n {2}<anonymous>\(\)\n {6}test\/poll\.test\.ts:50:10\n/m);
    expect(r.code).toBe(1);
  });

  it('test.extend fixtures and a setup file of the project\'s own work as without the detector; a race in a fixture test fails it, and again in the next test', async () => {
    const r = await run([vitestBin, 'run'], { cwd: fixturesProject, timeoutMs: 110_000 });
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/must use object destructuring pattern|__rd\$ is not defined/);
    expect(out).toMatch(/✓ a fixture is set up/);
    expect(out).toMatch(/✓ a test without fixtures/);
    expect(out).toMatch(/× two withdrawals at once lose one/);
    expect(out).toMatch(/× the same two withdrawals again/);
    expect(out).toMatch(/Tests {2}2 failed \| 2 passed \(4\)/);
    expect(reportBlocks(out)[0]).toMatch(/^Write at Account#\d+\.balance \(created at test\/fixtures\.test\.ts:\d+:\d+\) by async context \d+:\n {2}Account\.withdraw\(\)\n {6}test\/fixtures\.test\.ts:13:5\n/m);
    expect(r.code).toBe(1);
  });

  it('a race decided after its test ended fails the file, not the test running then', async () => {
    // The first test's read is a timing-dependent read whose writer sleeps on after the test: it is
    // decided when that writer finishes, while the second test runs.
    const r = await run([vitestBin, 'run'], { cwd: lateProject, timeoutMs: 110_000 });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/✓ reads what a flow it does not wait for wrote/);
    expect(out).toMatch(/✓ only sleeps while that flow finishes/);
    expect(out).toMatch(/DataRaceError: race detected outside of any test in this file/);
    // State a describe() callback set up is ordered before the file's tests.
    expect(out).toMatch(/✓ test\/describe-state\.test\.ts \(2 tests\)/);
    expect(reportBlocks(out)[0]).toMatch(/^Read at Object#\d+\.count \(created at test\/late\.test\.ts:8:15\) by async context \d+:\n {2}<anonymous>\(\)\n {6}test\/late\.test\.ts:25:10\n/m);
    expect(r.code).toBe(1);
  });

  it("the map's source is the file's path, as Vite names it, where no plugin before it made a map", async () => {
    // Vite's module runner (Vitest 4 and later) resolves a source that is no absolute path against the
    // module's directory: a file URL there named test/file:/... in snapshots, failures and stacks.
    const dir = tempDir('racedetect-vmap-');
    const file = path.join(dir, 'shared.js');
    fs.writeFileSync(file, 'export const box = { n: 0 };\nexport async function bump() {\n  const n = box.n;\n  await null;\n  box.n = n + 1;\n}\n');
    const script = [
      `const { default: racedetect } = await import(${JSON.stringify(pluginUrl)});`,
      `const fs = await import('node:fs');`,
      `const file = ${JSON.stringify(file.split(path.sep).join('/'))};`,
      'const out = racedetect().transform.handler.call({ getCombinedSourcemap: () => null }, fs.readFileSync(file, "utf8"), file + "?v=1");',
      'console.log(JSON.stringify({ sources: out.map.sources, instrumented: out.code.includes("__rd$.file(") }));',
    ].join('\n');
    const r = await run(['--input-type=module', '-e', script], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ sources: [file.split(path.sep).join('/')], instrumented: true });
  });
});
