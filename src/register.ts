// The `--import racedetect/register` entry: read the options, start the runtime, install the loaders,
// and in Vitest's own process add the Vitest plugin to its config.
import { fileURLToPath } from 'node:url';
import { registerLoaders } from '../loader/register-hooks.js';
import { atExit, readOptions, startRuntime } from './runtime/install.js';
import { addVitestPlugin, isVitestMain } from './integrations/vitest-config.js';

const options = readOptions();
startRuntime(options);
registerLoaders(options, import.meta.url);
if (isVitestMain(process.argv)) atExit(addVitestPlugin(process.argv, process.cwd(), fileURLToPath(new URL('./vitest.mjs', import.meta.url))));
