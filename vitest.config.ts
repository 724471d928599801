import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fixture projects' tests are run by the integration tests, under the detector, on purpose racy.
    exclude: ['**/node_modules/**', 'test/fixtures/**'],
    // Each test file's temporary directories are removed when it is done.
    setupFiles: ['test/remove-temp.ts'],
    // Integration tests spawn Node processes; two cores, so keep the pool small and the timeouts generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
});
