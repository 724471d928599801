// Generated async programs over a shared Map (issue: property-based check), and what each must do
// under the detector. A program is groups run one after the other; a group is branches run at once
// under Promise.all; a branch is workers awaited one after the other; a worker is a list of steps.
//
// Only microtask awaits are generated (no timers or immediates), so Node runs every program in one
// deterministic order and no read is timing-dependent: the only race a program can have is a lost
// update, which the generator knows by construction (raceByConstruction). Every worker begins with an
// await, so the workers of a group run in segments of their own.

export type StepKind = 'rmw' | 'lockedRmw' | 'inc' | 'lockedInc' | 'pause' | 'peek';
export interface Step {
  kind: StepKind;
  key: 'k0' | 'k1' | 'k2';
  /** The await a pause or a read-modify-write uses. */
  wait: 'null' | 'resolve' | 'tick';
}
export type Worker = Step[];
export type Branch = Worker[];
export type Group = Branch[];
export type Program = Group[];

const WAITS = { null: 'await null', resolve: 'await Promise.resolve()', tick: 'await tick()' } as const;

function stepCode(s: Step): string {
  const k = JSON.stringify(s.key);
  const wait = WAITS[s.wait];
  switch (s.kind) {
    case 'rmw':
      return `{ const v = m.get(${k}); ${wait}; m.set(${k}, v + 1); }`;
    case 'lockedRmw':
      return `await lock.runExclusive(async () => { const v = m.get(${k}); ${wait}; m.set(${k}, v + 1); });`;
    case 'inc':
      return `m.set(${k}, m.get(${k}) + 1);`;
    case 'lockedInc':
      return `await lock.runExclusive(() => { m.set(${k}, m.get(${k}) + 1); });`;
    case 'pause':
      return `${wait};`;
    case 'peek':
      return `seen.push(${k} + '=' + m.get(${k}));`;
  }
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
    "const m = new Map([['k0', 0], ['k1', 0], ['k2', 0]]);",
    'const lock = new Mutex();',
    'const seen = [];',
    'async function tick() {\n  await null;\n}',
    ...workers,
    ...groups,
    "console.log(JSON.stringify([...m]), seen.join(','));",
    '',
  ].join('\n');
}

const WINDOW: ReadonlySet<StepKind> = new Set(['rmw', 'lockedRmw']);
const WRITE: ReadonlySet<StepKind> = new Set(['rmw', 'lockedRmw', 'inc', 'lockedInc']);
const LOCKED: ReadonlySet<StepKind> = new Set(['lockedRmw', 'lockedInc']);

/**
 * 'race': two workers that run at once (in different branches of one group) where one reads a key,
 * awaits and writes it back while the other writes that key, not both under the lock, and one of the
 * two branches never takes the lock. A lock orders one branch's step before another's only through a
 * release in the first branch after it (by that worker or a later one of its branch) and an acquire in
 * the second before its step, so a branch without the lock is ordered with nothing that runs at once.
 * 'none': no such pair even ignoring the lock's hand-overs (a lock only adds order).
 * 'depends': both branches take the lock somewhere, and the order in which they happened to get it
 * decides what it orders; only transparency is checked then.
 */
export function raceByConstruction(p: Program): 'race' | 'none' | 'depends' {
  let verdict: 'none' | 'depends' = 'none';
  for (const group of p) {
    const locks = group.map((branch) => branch.some((w) => w.some((s) => LOCKED.has(s.kind))));
    for (let i = 0; i < group.length; i++) {
      for (let j = 0; j < group.length; j++) {
        if (i === j) continue;
        const a = group[i].flat();
        const b = group[j].flat();
        const conflict = a.some((sa) => WINDOW.has(sa.kind) && b.some((sb) => WRITE.has(sb.kind) && sb.key === sa.key && !(LOCKED.has(sa.kind) && LOCKED.has(sb.kind))));
        if (!conflict) continue;
        if (!locks[i] || !locks[j]) return 'race';
        verdict = 'depends';
      }
    }
  }
  return verdict;
}
