// The Vitest plugin's hold on every project (src/integrations/vitest.ts): the setup file that starts
// the runtime in the workers comes first in each project's setup files, also in a project whose test
// options were taken before the plugin's config hook ran (Vitest 5's inline projects on the root's
// Vite server), and the detector's own dist stays external there.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import racedetect from '../../src/integrations/vitest.js';

describe('Vitest plugin: configureVitest', () => {
  it("puts the setup file first in a resolved project's setup files, once, and keeps the dist external", () => {
    const plugin = racedetect();
    const config = { setupFiles: ['/project/test/setup.ts'], server: { deps: { external: [/^\/vendor\//] as RegExp[] } } };
    plugin.configureVitest({ project: { config } });
    plugin.configureVitest({ project: { config } });
    expect(config.setupFiles).toHaveLength(2);
    expect(path.basename(config.setupFiles[0])).toBe('vitest-setup.mjs');
    expect(config.setupFiles[1]).toBe('/project/test/setup.ts');
    expect(config.server.deps.external).toHaveLength(2);
    expect(config.server.deps.external[1].test(path.join(path.dirname(config.setupFiles[0]), 'register.mjs'))).toBe(true);
  });

  it('leaves a project without resolved setup files alone', () => {
    const plugin = racedetect();
    expect(() => plugin.configureVitest({})).not.toThrow();
    const config = {};
    plugin.configureVitest({ project: { config } });
    expect(config).toEqual({});
  });
});
