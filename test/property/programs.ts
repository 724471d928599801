// Generated async programs over shared state (issue: property-based check), and what each must do
// under the detector. A program is groups run one after the other; a group is branches run at once
// under Promise.all; a branch is workers awaited one after the other; a worker is a list of steps, and
// a `fanout` step runs two simple steps at once under a nested Promise.all.
//
// Awaits are microtasks or setImmediate (FIFO), never timers with delays, so Node runs every program
// in one deterministic order, with or without the detector. Every worker begins with an await, so the
// workers of a group run in segments of their own. The generator knows its lost updates by
// construction (raceByConstruction); a read after an immediate may be timing-dependent, which it
// does not predict exactly, so such programs are only checked for transparency.

export type SimpleKind = 'rmw' | 'lockedRmw' | 'inc' | 'lockedInc' | 'pause' | 'peek';
export type Key = 'k0' | 'k1' | 'k2';
export type Wait = 'null' | 'resolve' | 'tick' | 'immediate';
export interface SimpleStep {
  kind: SimpleKind;
  key: Key;
  /** The await a pause or a read-modify-write uses. */
  wait: Wait;
}
export interface Fanout {
  kind: 'fanout';
  parts: [SimpleStep, SimpleStep];
}
export type Step = SimpleStep | Fanout;
export type Worker = Step[];
export type Branch = Worker[];
export type Group = Branch[];
export type Program = Group[];

const WAITS: Record<Wait, string> = {
  null: 'await null',
  resolve: 'await Promise.resolve()',
  tick: 'await tick()',
  immediate: 'await new Promise((r) => setImmediate(r))',
};

// Each key is a different kind of location, so that every way of reaching one is exercised: k0 a Map
// entry, k1 an object's property, k2 a module-level binding.
const READ: Record<Key, string> = { k0: 'm.get("k0")', k1: 'o.k1', k2: 'b2' };
const WRITE_TO: Record<Key, (value: string) => string> = { k0: (v) => `m.set("k0", ${v})`, k1: (v) => `o.k1 = ${v}`, k2: (v) => `b2 = ${v}` };

function simpleCode(s: SimpleStep): string {
  const read = READ[s.key];
  const write = WRITE_TO[s.key];
  const wait = WAITS[s.wait];
  switch (s.kind) {
    case 'rmw':
      return `{ const v = ${read}; ${wait}; ${write('v + 1')}; }`;
    case 'lockedRmw':
      return `await lock.runExclusive(async () => { const v = ${read}; ${wait}; ${write('v + 1')}; });`;
    case 'inc':
      return `${write(`${read} + 1`)};`;
    case 'lockedInc':
      return `await lock.runExclusive(() => { ${write(`${read} + 1`)}; });`;
    case 'pause':
      return `${wait};`;
    case 'peek':
      return `seen.push("${s.key}=" + ${read});`;
  }
}

function stepCode(s: Step): string {
  if (s.kind !== 'fanout') return simpleCode(s);
  return `await Promise.all([${s.parts.map((p) => `(async () => { await null; ${simpleCode(p)} })()`).join(', ')}]);`;
}

/** The program's source: an ES module that prints the Map and what the peeks saw. */
export function programSource(p: Program): string {
  const workers: string[] = [];
  const groups: string[] = [];
  for (const group of p) {
    const branches = group.map((branch) => {
      const calls = branch.map((worker) => {
        const name = `w${workers.length}`;
        // The first await keeps a worker's steps out of the synchronous stretch that starts its group:
        // steps there run in program order, one branch's before the next one's.
        workers.push(`async function ${name}() {\n  await null;\n  ${worker.map(stepCode).join('\n  ')}\n}`);
        return `await ${name}();`;
      });
      return `(async () => { ${calls.join(' ')} })()`;
    });
    groups.push(`await Promise.all([${branches.join(', ')}]);`);
  }
  return [
    "import { Mutex } from 'async-mutex';",
    "const m = new Map([['k0', 0]]);",
    'const o = { k1: 0 };',
    'let b2 = 0;',
    'const lock = new Mutex();',
    'const seen = [];',
    'async function tick() {\n  await null;\n}',
    ...workers,
    ...groups,
    "console.log(m.get('k0'), o.k1, b2, seen.join(','));",
    '',
  ].join('\n');
}

const WINDOW: ReadonlySet<SimpleKind> = new Set(['rmw', 'lockedRmw']);
const WRITE: ReadonlySet<SimpleKind> = new Set(['rmw', 'lockedRmw', 'inc', 'lockedInc']);
const LOCKED: ReadonlySet<SimpleKind> = new Set(['lockedRmw', 'lockedInc']);
/** Reads that no write of their own segment follows: timing-dependent if reached through an immediate. */
const PLAIN_READ: ReadonlySet<SimpleKind> = new Set(['rmw', 'lockedRmw', 'peek']);

function simpleSteps(steps: readonly Step[]): SimpleStep[] {
  return steps.flatMap((s) => (s.kind === 'fanout' ? s.parts : [s]));
}

/** `a` reads a key, awaits and writes it back while `b` writes that key, not both under the lock. */
function lostUpdate(a: SimpleStep, b: SimpleStep): boolean {
  return WINDOW.has(a.kind) && WRITE.has(b.kind) && a.key === b.key && !(LOCKED.has(a.kind) && LOCKED.has(b.kind));
}

function readAgainstWrite(a: SimpleStep, b: SimpleStep): boolean {
  return PLAIN_READ.has(a.kind) && WRITE.has(b.kind) && a.key === b.key;
}

/** Every pair of steps that run at once, and whether a lock hand-over could order them. */
function concurrentPairs(p: Program): { a: SimpleStep; b: SimpleStep; lockMayOrder: boolean }[] {
  const pairs: { a: SimpleStep; b: SimpleStep; lockMayOrder: boolean }[] = [];
  for (const group of p) {
    const steps = group.map((branch) => simpleSteps(branch.flat()));
    const locks = steps.map((list) => list.some((s) => LOCKED.has(s.kind)));
    for (let i = 0; i < group.length; i++) {
      for (let j = 0; j < group.length; j++) {
        if (i === j) continue;
        for (const a of steps[i]) for (const b of steps[j]) pairs.push({ a, b, lockMayOrder: locks[i] && locks[j] });
      }
    }
    // The two parts of a fan-out: a lock orders one before the other only if both take it, and then
    // they do not conflict (lostUpdate needs one of them outside the lock).
    for (const branch of group) {
      for (const worker of branch) {
        for (const s of worker) {
          if (s.kind !== 'fanout') continue;
          const [x, y] = s.parts;
          pairs.push({ a: x, b: y, lockMayOrder: false }, { a: y, b: x, lockMayOrder: false });
        }
      }
    }
  }
  return pairs;
}

/**
 * 'race': two steps that run at once (in different branches of one group, or the two parts of a
 * fan-out) where one reads a key, awaits and writes it back while the other writes that key, not both
 * under the lock, and a lock hand-over cannot order them. A lock orders one branch's step before
 * another's only through a release in the first branch after it and an acquire in the second before
 * its step, so a branch without the lock is ordered with nothing that runs at once.
 * 'none': no such pair even ignoring the lock's hand-overs (a lock only adds order), and no read that
 * an immediate could make timing-dependent.
 * 'depends': the lock order this run happened to take decides, or a read reached through an immediate
 * meets a write that runs at once; only transparency is checked then.
 */
export function raceByConstruction(p: Program): 'race' | 'none' | 'depends' {
  const pairs = concurrentPairs(p);
  const immediates = p.some((g) => g.some((br) => br.some((w) => simpleSteps(w).some((s) => s.wait === 'immediate'))));
  let verdict: 'none' | 'depends' = 'none';
  for (const { a, b, lockMayOrder } of pairs) {
    if (!lostUpdate(a, b)) continue;
    // Known divergence: the detector orders callbacks by Node's queue order (SPEC rule 8) for lost
    // updates too, where the SPEC counts only rules 1-7. A write made before its branch queued an
    // immediate is then ordered before a read made after another branch's later immediate, and
    // that lost update - impossible in Node, required by the SPEC - is not reported.
    if (!lockMayOrder && !immediates) return 'race';
    verdict = 'depends';
  }
  if (immediates && pairs.some(({ a, b }) => readAgainstWrite(a, b))) return 'depends';
  return verdict;
}

// Race-free by construction (the second property): every access to shared state is under the one
// lock, and the only unlocked read-await-writes are of a location private to their branch. Awaits
// include timers with different delays, immediates and the Promise combinators, so Node's order varies
// from run to run; the final values do not (locked increments commute). Any report is a false one.

export type FreeKind = 'lockedRmw' | 'lockedInc' | 'lockedPeek' | 'privateRmw' | 'pause';
export type FreeWait = 'null' | 'sleep0' | 'sleep1' | 'sleep2' | 'immediate' | 'race' | 'any' | 'allSettled';
export interface FreeStep {
  kind: FreeKind;
  key: Key;
  wait: FreeWait;
}
export type FreeProgram = FreeStep[][][][];

const FREE_WAITS: Record<FreeWait, string> = {
  null: 'await null',
  sleep0: 'await sleep(0)',
  sleep1: 'await sleep(1)',
  sleep2: 'await sleep(2)',
  immediate: 'await new Promise((r) => setImmediate(r))',
  race: 'await Promise.race([sleep(2), sleep(1)])',
  any: 'await Promise.any([Promise.reject(new Error("no")), sleep(1)])',
  allSettled: 'await Promise.allSettled([sleep(1), Promise.reject(new Error("no")), null])',
};

function freeCode(s: FreeStep, branch: number): string {
  const read = READ[s.key];
  const write = WRITE_TO[s.key];
  const wait = FREE_WAITS[s.wait];
  switch (s.kind) {
    case 'lockedRmw':
      return `await lock.runExclusive(async () => { const v = ${read}; ${wait}; ${write('v + 1')}; });`;
    case 'lockedInc':
      return `await lock.runExclusive(() => { ${write(`${read} + 1`)}; });`;
    case 'lockedPeek':
      return `await lock.runExclusive(async () => { ${wait}; peeks += ${read} >= 0 ? 1 : 0; });`;
    case 'privateRmw':
      return `{ const v = mine[${branch}]; ${wait}; mine[${branch}] = v + 1; }`;
    case 'pause':
      return `${wait};`;
  }
}

export function raceFreeSource(p: FreeProgram): string {
  const workers: string[] = [];
  const groups: string[] = [];
  for (const group of p) {
    const branches = group.map((branch, b) => {
      const calls = branch.map((worker) => {
        const name = `w${workers.length}`;
        workers.push(`async function ${name}() {\n  await null;\n  ${worker.map((s) => freeCode(s, b)).join('\n  ')}\n}`);
        return `await ${name}();`;
      });
      return `(async () => { ${calls.join(' ')} })()`;
    });
    groups.push(`mine = [0, 0, 0, 0];\nawait Promise.all([${branches.join(', ')}]);\ntotals.push(mine.join('+'));`);
  }
  return [
    "import { Mutex } from 'async-mutex';",
    "const m = new Map([['k0', 0]]);",
    'const o = { k1: 0 };',
    'let b2 = 0;',
    'let peeks = 0;',
    'let mine = [];',
    'const totals = [];',
    'const lock = new Mutex();',
    'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));',
    ...workers,
    ...groups,
    "console.log(m.get('k0'), o.k1, b2, peeks, totals.join(','));",
    '',
  ].join('\n');
}
