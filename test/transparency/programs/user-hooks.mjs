// A program that registers module hooks of its own after the detector's (a path-alias loader, a mock
// loader): its hooks module runs on the hooks thread, instrumented like any other file, and must run
// there as it does without the detector.
import { register } from 'node:module';

register('./lib/virtual-hooks.mjs', import.meta.url);

const first = await import('virtual:alpha');
const second = await import('virtual:beta');
console.log(first.default, second.default);

const shared = { loaded: [] };
async function loadAll(names) {
  for (const name of names) {
    const mod = await import(`virtual:${name}`);
    shared.loaded.push(`${mod.default.name}:${mod.default.seen}`);
  }
  return shared.loaded.length;
}
console.log(await loadAll(['gamma', 'delta']), shared.loaded.join(' '));
const { default: describe } = await import('virtual:fn');
console.log(describe(first.default));
