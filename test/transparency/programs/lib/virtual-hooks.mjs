// Module hooks of the program's own (registered by user-hooks.mjs): `virtual:NAME` resolves to a
// module made here, which says how many modules these hooks had resolved by then; `virtual:fn` is a
// module whose code is a function of these hooks, by its source text.
const stats = { resolved: 0, names: [] };

export async function resolve(specifier, context, next) {
  stats.resolved++;
  if (!specifier.startsWith('virtual:')) return next(specifier, context);
  stats.names.push(specifier.slice('virtual:'.length));
  return { url: `virtual:${stats.names.at(-1)}`, shortCircuit: true };
}

function describe(entry) {
  return `${entry.name} seen ${entry.seen}`;
}

export async function load(url, context, next) {
  if (!url.startsWith('virtual:')) return next(url, context);
  if (url === 'virtual:fn') return { format: 'module', source: `export default ${describe};`, shortCircuit: true };
  const source = `export default ${JSON.stringify({ name: url.slice(8), seen: stats.names.length })};`;
  return { format: 'module', source, shortCircuit: true };
}
