// Builds dist/ from src/ and loader/ with esbuild. Runs on `npm install` (prepare) so a fresh clone works.
// Dependencies are bundled so the runtime loads as few files as possible at start-up; esbuild itself
// stays external because it ships a native binary.
import { build } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// The transform cache key includes this: any change to the instrumenter invalidates cached output.
const hash = crypto.createHash('sha256');
for (const dir of ['loader', 'src']) for (const f of fs.readdirSync(dir, { recursive: true }).sort()) if (String(f).endsWith('.ts')) hash.update(fs.readFileSync(`${dir}/${f}`));
const version = `${pkg.version}+${hash.digest('hex').slice(0, 12)}`;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['esbuild', 'vitest'],
  logLevel: 'warning',
  legalComments: 'none',
};
const esm = { ...common, format: 'esm', define: { RACEDETECT_VERSION: JSON.stringify(version) }, banner: { js: "import { createRequire as __rdCreateRequire } from 'node:module'; const require = __rdCreateRequire(import.meta.url);" } };

// The instrumenter, loaded only on a cache miss (loader/lazy.ts): CommonJS, because that path must load it
// synchronously.
const compileChunk = { ...common, format: 'cjs' };

await Promise.all([
  build({ ...esm, entryPoints: { register: 'src/register.ts', hooks: 'loader/hooks.ts', cli: 'src/cli.ts', 'node-test': 'src/integrations/node-test-entry.ts', vitest: 'src/integrations/vitest.ts', 'vitest-setup': 'src/integrations/vitest-setup.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } }),
  build({ ...compileChunk, entryPoints: { compile: 'loader/compile.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } }),
  build({ ...common, format: 'esm', entryPoints: { index: 'src/index.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } }),
  build({ ...common, format: 'cjs', entryPoints: { index: 'src/index.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } }),
]);
