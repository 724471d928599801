// Generator for the startup-5mb workload: writes MODULES ES modules of about 100 KB each (classes with
// private fields and getters, plain functions, async functions, object-literal tables, Map and Set
// usage, destructuring, template strings, try/catch), a small shared util module, and an entry that
// imports them all, calls each module's exported run function and prints one JSON line with a checksum.
// The source is a pure function of the seed, so every bench run generates byte-identical files.
//   node bench/workloads/startup-5mb.mjs DIR     generates into DIR and prints the entry's path
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULES = 50;
export const MODULE_BYTES = 100 * 1024;

function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'bravo', 'cargo', 'delta', 'ember', 'fable', 'gamma', 'harbor', 'ivory', 'jolly', 'kilo', 'lumen',
  'metro', 'nova', 'orbit', 'pixel', 'quartz', 'radar', 'sierra', 'tango', 'umbra', 'vector', 'walnut', 'xenon', 'yonder', 'zephyr'];

function unitGenerators(rand, m) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const int = (n) => Math.floor(rand() * n);
  const word = () => pick(WORDS);
  const cap = (w) => w[0].toUpperCase() + w.slice(1);

  const klass = (u) => {
    const name = `${cap(word())}${cap(word())}M${m}U${u}`;
    const f1 = word(), f2 = word();
    return { name, kind: 'class', code: `
export class ${name} {
  #cache = new Map();
  #hits = 0;
  static instances = 0;
  constructor(name = '${f1}', limit = ${1 + int(50)}) {
    this.name = name;
    this.limit = limit;
    this.items = [];
    this.meta = { created: ${int(100000)}, owner: '${f2}', flags: new Set(['${word()}', '${word()}']) };
    ${name}.instances++;
  }
  add(item) {
    if (this.items.length >= this.limit) this.items.shift();
    this.items.push({ ...item, seen: (item.seen ?? 0) + 1 });
    this.#cache.delete(item.id);
    return this;
  }
  lookup(id) {
    let hit = this.#cache.get(id);
    if (hit === undefined) {
      hit = this.items.find((x) => x.id === id) ?? null;
      this.#cache.set(id, hit);
    } else {
      this.#hits++;
    }
    return hit;
  }
  get total() {
    return this.items.reduce((sum, { qty = 1, price = 0 }) => sum + qty * price, 0);
  }
  get hits() {
    return this.#hits;
  }
  describe() {
    const { name, limit, meta: { owner } } = this;
    return \`\${name}/\${owner}: \${this.items.length} of \${limit} (\${[...this.meta.flags].join('+')})\`;
  }
  toJSON() {
    return { name: this.name, size: this.items.length, total: this.total };
  }
  static from(spec) {
    const out = new ${name}(spec.name, spec.limit);
    for (const item of spec.items ?? []) out.add(item);
    return out;
  }
}
`, use: `(() => { const o = ${name}.from({ name: '${word()}', limit: ${2 + int(6)}, items: [{ id: 1, qty: ${1 + int(4)}, price: ${int(90)} }, { id: 2, qty: 2, price: ${int(40)} }, { id: 1, price: 3 }] }); o.lookup(1); o.lookup(1); return o.total + o.hits + o.describe().length; })()` };
  };

  const table = (u) => {
    const name = `TABLE_${word().toUpperCase()}_M${m}U${u}`;
    const rows = [];
    for (let r = 0; r < 6 + int(8); r++) {
      rows.push(`  ${word()}${r}: { id: ${int(10000)}, label: '${cap(word())} ${cap(word())}', weight: ${(rand() * 10).toFixed(3)}, enabled: ${rand() < 0.5}, tags: ['${word()}', '${word()}'], limits: { min: ${int(10)}, max: ${10 + int(90)} } },`);
    }
    return { name, kind: 'table', code: `
export const ${name} = Object.freeze({
${rows.join('\n')}
});
const ${name}_INDEX = new Map(Object.entries(${name}).map(([key, row]) => [row.id, { key, ...row }]));
export function ${name.toLowerCase()}_weight(tag) {
  let sum = 0;
  for (const row of ${name}_INDEX.values()) if (row.enabled || row.tags.includes(tag)) sum += row.weight * (row.limits.max - row.limits.min);
  return Math.round(sum);
}
`, use: `${name.toLowerCase()}_weight('${word()}')` };
  };

  const func = (u) => {
    const name = `${word()}${cap(word())}M${m}U${u}`;
    const cases = [];
    for (let c = 0; c < 4 + int(5); c++) cases.push(`    case '${WORDS[(c * 7 + u) % WORDS.length]}${c}': acc += ${1 + int(9)} * (i + ${c}); break;`);
    return { name, kind: 'function', code: `
export function ${name}(input = [], options = {}) {
  const { scale = ${1 + int(5)}, prefix = '${word()}' } = options;
  const seen = new Set();
  let acc = 0;
  for (let i = 0; i < input.length; i++) {
    const key = \`\${prefix}:\${input[i]}\`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (input[i]) {
${cases.join('\n')}
    default: acc += String(input[i]).length * scale;
    }
  }
  try {
    if (acc < 0) throw new RangeError('negative ' + acc);
  } catch (err) {
    return -1;
  }
  return acc % ${1000 + int(9000)};
}
`, use: `${name}(['${WORDS[u % WORDS.length]}0', '${word()}', ${int(99)}, '${word()}${int(5)}'], { scale: ${1 + int(3)} })` };
  };

  const asyncFn = (u) => {
    const name = `load${cap(word())}M${m}U${u}`;
    return { name, kind: 'async', code: `
const ${name}_memo = new Map();
export async function ${name}(id, fetcher = async (k) => ({ id: k, value: k * ${1 + int(13)} })) {
  if (${name}_memo.has(id)) return ${name}_memo.get(id);
  const p = (async () => {
    const row = await fetcher(id);
    const extra = await Promise.all([1, 2, 3].map(async (n) => n * row.value));
    return { ...row, extra, sum: extra.reduce((a, b) => a + b, 0) };
  })();
  ${name}_memo.set(id, p);
  return p;
}
`, use: null };
  };

  const arrows = (u) => {
    const name = `${word()}Helpers${m}x${u}`;
    return { name, kind: 'arrows', code: `
export const ${name} = {
  clamp: (v, lo = ${int(5)}, hi = ${20 + int(80)}) => (v < lo ? lo : v > hi ? hi : v),
  pick: (obj, ...keys) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]])),
  group: (list, by) => list.reduce((m, x) => { const k = by(x); (m.get(k) ?? m.set(k, []).get(k)).push(x); return m; }, new Map()),
  slug: (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
  score: ({ a = 0, b = 0, c = ${int(9)} } = {}) => a * ${1 + int(7)} + b * ${1 + int(7)} + c,
};
`, use: `(${name}.clamp(${int(200)}) + ${name}.group([1, 2, 3, 4, 5, ${int(9)}], (x) => x % 2).size + ${name}.slug('${cap(word())} ${word()}!').length + ${name}.score({ a: ${int(5)}, b: ${int(5)} }))` };
  };

  return [klass, table, func, asyncFn, arrows];
}

function moduleSource(m) {
  const rand = prng(0x9e3779b9 ^ (m * 2654435761));
  const gens = unitGenerators(rand, m);
  let code = `// Generated module ${m} for the racedetect startup benchmark.\nimport { mix, registry } from './util.mjs';\n`;
  const uses = [];
  let u = 0;
  while (code.length < MODULE_BYTES - 400) {
    const unit = gens[u % gens.length](u);
    code += unit.code;
    if (unit.use) uses.push(unit.use);
    u++;
  }
  code += `
registry.set('m${m}', ${u});
export function run${m}() {
  let h = ${m};
${uses.map((x) => `  h = mix(h, ${x});`).join('\n')}
  return h;
}
`;
  return code;
}

const UTIL = `// Shared helpers for the generated modules.
export const registry = new Map();
export function mix(h, v) {
  const n = typeof v === 'number' ? v : String(v).length;
  return (Math.imul(h ^ n, 0x01000193) >>> 0) % 1000000007;
}
`;

function entrySource(n) {
  let s = `// Entry of the startup benchmark: imports every generated module and prints a checksum.\n`;
  for (let m = 0; m < n; m++) s += `import { run${m} } from './m${String(m).padStart(2, '0')}.mjs';\n`;
  s += `import { mix, registry } from './util.mjs';\nlet h = 0;\n`;
  for (let m = 0; m < n; m++) s += `h = mix(h, run${m}());\n`;
  s += `h = mix(h, [...registry.values()].reduce((a, b) => a + b, 0));\n`;
  s += `console.log(JSON.stringify({ ms: performance.now(), check: String(h), maxRSS: process.resourceUsage().maxRSS }));\n`;
  return s;
}

/** Writes the modules into dir; returns { entry, bytes, files }. */
export function generate(dir, modules = MODULES) {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  const write = (name, text) => {
    fs.writeFileSync(path.join(dir, name), text);
    bytes += Buffer.byteLength(text);
  };
  write('util.mjs', UTIL);
  for (let m = 0; m < modules; m++) write(`m${String(m).padStart(2, '0')}.mjs`, moduleSource(m));
  write('entry.mjs', entrySource(modules));
  return { entry: path.join(dir, 'entry.mjs'), bytes, files: modules + 2 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node startup-5mb.mjs DIR');
    process.exit(2);
  }
  const { entry, bytes, files } = generate(dir);
  console.log(`${entry} (${files} files, ${(bytes / 1048576).toFixed(2)} MB)`);
}
