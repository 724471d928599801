// Vitest under the register (src/integrations/vitest-config.ts): which process is Vitest's, where the
// project's config is found, and what the generated config does with the project's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { addVitestPlugin, isVitestMain, withVitestPlugin } from '../../src/integrations/vitest-config.js';

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
  const w = withVitestPlugin(args, dir, path.join(dir, 'plugin.mjs'));
  const wrapper = w.args[w.args.length - 1];
  try {
    const mod = (await import(pathToFileURL(wrapper).href)) as { default: (env: object) => Promise<{ plugins: { name: string }[] }> };
    return { command: w.args, config: await mod.default({ mode: 'test', command: 'serve' }) };
  } finally {
    w.cleanup();
    expect(fs.existsSync(wrapper)).toBe(false);
  }
}

describe('racedetect vitest', () => {
  it("recognises Vitest's own process, reached through a .bin link or by path", () => {
    const dir = project({});
    fs.mkdirSync(path.join(dir, 'node_modules', 'vitest'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'));
    const bin = path.join(dir, 'node_modules', 'vitest', 'vitest.mjs');
    fs.writeFileSync(bin, '');
    fs.symlinkSync('../vitest/vitest.mjs', path.join(dir, 'node_modules', '.bin', 'vitest'));
    fs.writeFileSync(path.join(dir, 'vitest'), '');
    expect(isVitestMain(['node', bin, 'run'])).toBe(true);
    expect(isVitestMain(['node', path.join(dir, 'node_modules', '.bin', 'vitest')])).toBe(true);
    expect(isVitestMain(['node', path.join(dir, 'vitest')])).toBe(false); // a script merely named vitest
    expect(isVitestMain(['node', path.join(dir, 'app.js')])).toBe(false);
    expect(isVitestMain(['node'])).toBe(false);
  });

  it("puts the run's config into Vitest's arguments, and takes it away again", () => {
    const dir = project({ 'vitest.config.mjs': 'export default {};\n' });
    const argv = ['node', '/x/vitest.mjs', 'run', '--config', 'vitest.config.mjs', 'test/a.test.ts'];
    const cleanup = addVitestPlugin(argv, dir, path.join(dir, 'plugin.mjs'));
    const wrapper = argv[argv.length - 1];
    expect(argv.slice(0, 4)).toEqual(['node', '/x/vitest.mjs', 'run', 'test/a.test.ts']);
    expect(argv[4]).toBe('--config');
    expect(path.dirname(wrapper)).toBe(dir);
    expect(fs.readFileSync(wrapper, 'utf8')).toContain("import user from \"./vitest.config.mjs\";");
    cleanup();
    expect(fs.existsSync(wrapper)).toBe(false);
  });

  it("adds the plugin to the project's config object, after its own plugins", async () => {
    const dir = project({ 'vitest.config.mjs': "export default { plugins: [{ name: 'other' }], test: { include: ['x'] } };\n" });
    const { command, config } = await resolveWrapped(dir, ['run']);
    expect(command.slice(0, 2)).toEqual(['run', '--config']);
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
