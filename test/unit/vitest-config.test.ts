// `racedetect vitest ...` (src/integrations/vitest-config.ts): which commands are Vitest, where the
// project's config is found, and what the generated config does with the project's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isVitestCommand, withVitestPlugin } from '../../src/integrations/vitest-config.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'racedetect-vc-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  // A stand-in for dist/vitest.mjs: a plugin factory that counts its calls.
  fs.writeFileSync(path.join(dir, 'plugin.mjs'), "export default () => ({ name: 'racedetect', fake: true });\n");
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function resolveWrapped(dir: string, args: string[]): Promise<{ command: string[]; config: { plugins: { name: string }[]; test?: unknown } }> {
  const w = withVitestPlugin(['vitest', ...args], dir, path.join(dir, 'plugin.mjs'));
  const wrapper = w.command[w.command.length - 1];
  try {
    const mod = (await import(pathToFileURL(wrapper).href)) as { default: (env: object) => Promise<{ plugins: { name: string }[] }> };
    return { command: w.command, config: await mod.default({ mode: 'test', command: 'serve' }) };
  } finally {
    w.cleanup();
    expect(fs.existsSync(wrapper)).toBe(false);
  }
}

describe('racedetect vitest', () => {
  it('recognises Vitest however it is started', () => {
    for (const c of [['vitest'], ['vitest', 'run'], ['npx', 'vitest', 'run'], ['pnpm', 'exec', 'vitest'], ['node', 'node_modules/vitest/vitest.mjs', 'run'], ['yarn', 'vitest']]) expect(isVitestCommand(c), c.join(' ')).toBe(true);
    for (const c of [['node', 'app.js'], ['npm', 'test'], ['npx', 'jest'], ['vitest-like']]) expect(isVitestCommand(c), c.join(' ')).toBe(false);
  });

  it("adds the plugin to the project's config object, after its own plugins", async () => {
    const dir = project({ 'vitest.config.mjs': "export default { plugins: [{ name: 'other' }], test: { include: ['x'] } };\n" });
    const { command, config } = await resolveWrapped(dir, ['run']);
    expect(command.slice(0, 2)).toEqual(['vitest', 'run']);
    expect(command[2]).toBe('--config');
    expect(config.plugins.map((p) => p.name)).toEqual(['other', 'racedetect']);
    expect(config.test).toEqual({ include: ['x'] });
  });

  it('calls a config function with the environment', async () => {
    const dir = project({ 'vite.config.mjs': 'export default async (env) => ({ test: { mode: env.mode } });\n' });
    const { config } = await resolveWrapped(dir, []);
    expect(config.plugins.map((p) => p.name)).toEqual(['racedetect']);
    expect(config.test).toEqual({ mode: 'test' });
  });

  it('does not add the plugin to a config that already has it (nested plugin arrays included)', async () => {
    const dir = project({ 'vitest.config.mjs': "export default { plugins: [[{ name: 'racedetect' }]] };\n" });
    const { config } = await resolveWrapped(dir, []);
    expect(config.plugins.flat().map((p) => p.name)).toEqual(['racedetect']);
  });

  it('replaces --config with its own, which loads the given one', async () => {
    const dir = project({ 'custom.mjs': "export default { test: { name: 'custom' } };\n", 'vitest.config.mjs': "export default { test: { name: 'default' } };\n" });
    const { command, config } = await resolveWrapped(dir, ['run', '--config=custom.mjs', '--reporter=dot']);
    expect(command.filter((a) => a.includes('custom'))).toEqual([]);
    expect(command).toContain('--reporter=dot');
    expect(config.test).toEqual({ name: 'custom' });
  });

  it('a project without a config gets one with only the plugin', async () => {
    const dir = project({});
    const { config } = await resolveWrapped(dir, ['run']);
    expect(config.plugins.map((p) => p.name)).toEqual(['racedetect']);
  });
});
