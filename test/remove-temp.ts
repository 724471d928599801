// Setup file of every test file: the temporary directories it made (test/temp.ts) go when it is done.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(removeTempDirs);
