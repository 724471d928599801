// Dynamic import(), top-level await, import.meta, namespace objects, CJS interop, JSON modules.
import { createRequire } from 'node:module';
import path from 'node:path';
console.log('main: before static-free dynamic import');
const dep = await import('./lib/tla-dep.mjs');
console.log('main: after', dep.settings.ready, dep.default(), Object.keys(dep), dep[Symbol.toStringTag]);
const cjs = await import('./lib/plain-cjs.cjs');
console.log(cjs.default.kind, cjs.default.add(2, 3), cjs.named, Object.keys(cjs).sort());
const json = await import('./lib/config.json', { with: { type: 'json' } });
console.log(json.default.name, Object.keys(json));
const [m1, m2] = await Promise.all([import('./lib/tla-dep.mjs'), import('./lib/tla-dep.mjs')]);
console.log(m1 === m2, m1 === dep);
const which = ['tla', 'dep'].join('-');
const viaTemplate = await import(`./lib/${which}.mjs`);
console.log(viaTemplate === dep);
try { await import('./lib/missing-module.mjs'); } catch (e) { console.log(e.constructor.name, e.code); }
try { await import('./lib/config.json'); } catch (e) { console.log(e.constructor.name, e.code); }
console.log(path.basename(new URL(import.meta.url).pathname), typeof import.meta.resolve, path.basename(import.meta.resolve('./lib/plain-cjs.cjs')));
console.log(typeof import.meta.dirname, typeof import.meta.filename, Object.keys(import.meta).sort());
const require = createRequire(import.meta.url);
const viaRequire = require('./lib/plain-cjs.cjs');
console.log(viaRequire === cjs.default, require('./lib/config.json').version);
const results = [];
for (const name of ['node:path', 'node:util', 'node:events']) {
  const ns = await import(name);
  results.push(`${name}:${typeof ns.default}`);
}
console.log(results.join(' '));
const lazy = async () => (await import('./lib/tla-dep.mjs')).settings.loadedBy;
console.log(await lazy(), typeof (await import('node:fs')).readFileSync);
const t0 = await new Promise((resolve) => setTimeout(() => resolve('timer after tla'), 2));
console.log(t0);
export const exported = 'main export';
