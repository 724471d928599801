// The `--import racedetect/register` entry: read the options, start the runtime, install the loaders.
import { registerLoaders } from '../loader/register-hooks.js';
import { readOptions, startRuntime } from './runtime/install.js';

const options = readOptions();
startRuntime(options);
registerLoaders(options, import.meta.url);
