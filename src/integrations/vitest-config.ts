// Vitest under `--import racedetect/register` (`racedetect vitest run`, `racedetect npm test`, or the
// flag by hand): the suite runs with the Vitest plugin without the project's config naming it. Vitest
// has no command-line flag for plugins, so before Vitest's CLI reads its arguments, the register adds
// `--config <file>`: a config for this run that loads the project's own (whatever it is: object,
// promise or function) and adds the plugin unless it is there. The file sits beside the project's
// config, because Vite bundles a config and resolves its bare imports ('vitest/config') from where the
// file is; it is removed when the process exits.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CONFIG_NAMES = ['vitest.config', 'vite.config'];
const CONFIG_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The process is Vitest's command line (its bin, however it was reached: .bin link, npx, a path). */
export function isVitestMain(argv: readonly string[]): boolean {
  const main = argv[1];
  if (main === undefined || !/^vitest(\.mjs)?$/.test(path.basename(main))) return false;
  try {
    return /[\\/]vitest[\\/]vitest\.mjs$/.test(fs.realpathSync(main));
  } catch {
    return false;
  }
}

/**
 * Vitest's main process: `argv` (process.argv) gets the run's config, and the returned function
 * removes it. Called before Vitest parses its arguments.
 */
export function addVitestPlugin(argv: string[], cwd: string, pluginFile: string): () => void {
  const wrapped = withVitestPlugin(argv.slice(2), cwd, pluginFile);
  argv.splice(2, argv.length - 2, ...wrapped.args);
  return wrapped.cleanup;
}

/** The value of --flag / -f given as `--flag value` or `--flag=value`, and where it is. */
function flagValue(args: readonly string[], names: readonly string[]): { value: string; at: number; joined: boolean } | null {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n && i + 1 < args.length) return { value: args[i + 1], at: i, joined: false };
      if (args[i].startsWith(`${n}=`)) return { value: args[i].slice(n.length + 1), at: i, joined: true };
    }
  }
  return null;
}

function findConfig(root: string): string | null {
  for (const name of CONFIG_NAMES) {
    for (const ext of CONFIG_EXTENSIONS) {
      const file = path.join(root, name + ext);
      if (fs.existsSync(file)) return file;
    }
  }
  return null;
}

function wrapperSource(userConfig: string | null, wrapperDir: string, pluginFile: string): string {
  const importUser = userConfig === null ? 'const user = {};' : `import user from ${JSON.stringify('./' + path.relative(wrapperDir, userConfig).split(path.sep).join('/'))};`;
  return `// Written by racedetect for one run of Vitest, and removed when it ends.
${importUser}
const pluginUrl = ${JSON.stringify(pathToFileURL(pluginFile).href)};
const { default: racedetect } = await import(pluginUrl);
const named = (list) => (list ?? []).flat(Infinity).some((p) => p && p.name === 'racedetect');
export default async (env) => {
  const base = (typeof user === 'function' ? await user(env) : await user) ?? {};
  return named(base.plugins) ? base : { ...base, plugins: [...(base.plugins ?? []), racedetect()] };
};
`;
}

/**
 * Vitest's arguments with `--config <wrapper>` in place of the project's config, and how to remove the
 * wrapper afterwards.
 */
export function withVitestPlugin(args: readonly string[], cwd: string, pluginFile: string): { args: string[]; cleanup: () => void } {
  const root = path.resolve(cwd, flagValue(args, ['--root', '-r'])?.value ?? '.');
  const given = flagValue(args, ['--config', '-c']);
  const userConfig = given !== null ? path.resolve(cwd, given.value) : findConfig(root);
  const dir = userConfig !== null ? path.dirname(userConfig) : root;
  const wrapper = path.join(dir, `vitest.config.racedetect-${process.pid}.mjs`);
  fs.writeFileSync(wrapper, wrapperSource(userConfig, dir, pluginFile), { mode: 0o600 });
  const rest = [...args];
  if (given !== null) rest.splice(given.at, given.joined ? 1 : 2);
  return { args: [...rest, '--config', wrapper], cleanup: () => fs.rmSync(wrapper, { force: true }) };
}
