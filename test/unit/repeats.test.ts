// Repeats answered at the site (access.ts, isRepeat): an access that was a no-op, made again at the
// same site on the same object and key in the same epoch while the object's shadow is unchanged, is
// skipped before any lookup. That must never change what the detector records. These tests run the
// same random programs twice through the real entry points - once as they are, once with every cache
// on the access path emptied before each access (what a garbage collection does, collections.ts), so
// that nothing is ever answered from a site - and require the same reports. Strict mode reports every
// unordered conflicting pair, so a skipped access that mattered shows up as a missing report.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, setIgnore } from '../../src/runtime/access.js';
import { AsyncContext, main, setCurrent } from '../../src/runtime/context.js';
import { config, flushCandidates } from '../../src/runtime/detect.js';
import { collected } from '../../src/runtime/collections.js';
import { heldMoves, indexMarks } from '../../src/runtime/shadow.js';
import { allReports } from '../../src/report/sink.js';
import type { RaceReport } from '../../src/report/build.js';
import { fork, quietSink } from './flows.js';
import { prng } from './prng.js';

/** Sites of one run: site i is on line i + 1 of a file of its own (reports are compared by line). */
function sitesFor(file: string): number[] {
  const table: number[] = [];
  for (let i = 0; i < SITES; i++) table.push(i + 1, 1, 0);
  const base = api.file(file, SITES, table.join(','), ['f']);
  return Array.from({ length: SITES }, (_, i) => base + i);
}

type Step = (w: World) => void;

interface World {
  sites: number[];
  flows: AsyncContext[];
  obj: Record<string, number>;
  arr: number[];
  map: Map<string, number>;
  weak: WeakMap<object, number>;
  weakKeys: object[];
  cell: ReturnType<typeof api.v>;
}

// The kinds of step a program is made of, with their weights. As in instrumented code, a site is one
// expression: each kind has sites of its own (two, so that both repeats and other sites occur).
const KINDS = ['switch', 'r', 'w', 'u', 'd', 'rk', 'wk', 'pop', 'get', 'has', 'set', 'delete', 'rb', 'wb', 'ub', 'ignore', 'clear', 'sort', 'shift', 'wget', 'wset', 'wdelete'] as const;
const WEIGHTS = [8, 14, 10, 8, 4, 8, 6, 3, 4, 3, 6, 3, 7, 6, 4, 6, 1, 2, 2, 3, 3, 1];
const SITES = KINDS.length * 2;

/** A random program: accesses at a few sites (so that sites repeat), flow switches, awaits. */
function program(seed: number, length: number, indices = 5): Step[] {
  const rand = prng(seed);
  const keys = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  const steps: Step[] = [];
  let ignored = 0;
  for (let i = 0; i < length; i++) {
    let x = rand() * total;
    let k = 0;
    while (x >= WEIGHTS[k]) x -= WEIGHTS[k++];
    const kind = KINDS[k];
    const s = k * 2 + (rand() < 0.5 ? 0 : 1);
    const key = keys[Math.floor(rand() * keys.length)];
    const idx = Math.floor(rand() * indices);
    const f = Math.floor(rand() * 3);
    const resume = rand() < 0.6;
    const timed = rand() < 0.3;
    switch (kind) {
      case 'switch':
        steps.push((w) => {
          const ctx = w.flows[f];
          if (resume) {
            ctx.newSegment();
            ctx.state = 'running';
            ctx.timed = timed;
          }
          setCurrent(ctx);
        });
        break;
      case 'r':
        steps.push((w) => void api.r(w.obj, key, w.sites[s]));
        break;
      case 'w':
        steps.push((w) => {
          api.w(w.obj, key, w.sites[s]);
          w.obj[key] = i;
        });
        break;
      case 'u':
        steps.push((w) => {
          api.u(w.obj, key, w.sites[s]);
          w.obj[key] = (w.obj[key] ?? 0) + 1;
        });
        break;
      case 'd':
        steps.push((w) => {
          api.d(w.obj, key, w.sites[s]);
          delete w.obj[key];
        });
        break;
      case 'rk':
        steps.push((w) => void api.rk(w.arr, idx, w.sites[s]));
        break;
      case 'wk':
        steps.push((w) => {
          api.wk(w.arr, idx, w.sites[s]);
          w.arr[idx] = i;
        });
        break;
      case 'pop':
        steps.push((w) => {
          api.m0(w.arr, 'pop', w.sites[s]);
          w.arr.pop();
        });
        break;
      case 'get':
      case 'has':
        steps.push((w) => void api.m1(w.map, kind, w.sites[s], key));
        break;
      case 'set':
        steps.push((w) => {
          api.m1(w.map, 'set', w.sites[s], key);
          w.map.set(key, i);
        });
        break;
      case 'delete':
        steps.push((w) => {
          api.m1(w.map, 'delete', w.sites[s], key);
          w.map.delete(key);
        });
        break;
      case 'clear':
        steps.push((w) => {
          api.m0(w.map, 'clear', w.sites[s]);
          w.map.clear();
        });
        break;
      case 'sort':
        steps.push((w) => {
          api.m0(w.arr, 'sort', w.sites[s]);
          w.arr.sort((a, b) => b - a);
        });
        break;
      case 'shift':
        steps.push((w) => {
          api.m0(w.arr, 'shift', w.sites[s]);
          w.arr.shift();
        });
        break;
      case 'wget':
        steps.push((w) => void api.m1(w.weak, 'get', w.sites[s], w.weakKeys[idx % 3]));
        break;
      case 'wset':
        steps.push((w) => {
          api.m1(w.weak, 'set', w.sites[s], w.weakKeys[idx % 3]);
          w.weak.set(w.weakKeys[idx % 3], i);
        });
        break;
      case 'wdelete':
        steps.push((w) => {
          api.m1(w.weak, 'delete', w.sites[s], w.weakKeys[idx % 3]);
          w.weak.delete(w.weakKeys[idx % 3]);
        });
        break;
      case 'rb':
        steps.push((w) => void api.rb(0, w.cell, w.sites[s]));
        break;
      case 'wb':
        steps.push((w) => void api.wb(0, w.cell, w.sites[s]));
        break;
      case 'ub':
        steps.push((w) => void api.ub(0, w.cell, w.sites[s]));
        break;
      case 'ignore':
        if (ignored === 0) {
          ignored++;
          steps.push(() => setIgnore(1));
        } else {
          ignored--;
          steps.push(() => setIgnore(-1));
        }
    }
  }
  for (let i = 0; i < ignored; i++) steps.push(() => setIgnore(-1));
  return steps;
}

function lineOf(frames: { line: number }[] | undefined): number {
  return frames?.[0]?.line ?? 0;
}

/** What a report says, in terms that do not depend on the run's own files, objects or flows. */
function gist(r: RaceReport): string {
  const what = r.location.replace(/^[A-Za-z]+#\d+/, 'object').replace(/^module binding .*/, 'binding');
  return `${r.kind} ${what} ${r.previous.op}@${lineOf(r.previous.stack)} ${r.current.op} window@${lineOf(r.window?.stack)}`;
}

function run(steps: Step[], file: string, emptyCachesEachTime: boolean, marks = true, holdMoves = true): string[] {
  const before = allReports().length;
  indexMarks.enabled = marks;
  heldMoves.enabled = holdMoves;
  // A fresh root for each run (main's own clock moves on from run to run), its flows forked first.
  const root = fork(main);
  const w: World = {
    sites: sitesFor(file),
    flows: [root, fork(root), fork(root)],
    obj: { a: 0, b: 0 },
    arr: [1, 2, 3, 4],
    map: new Map([['a', 1]]),
    weak: new WeakMap(),
    weakKeys: [{ k: 0 }, { k: 1 }, { k: 2 }],
    cell: api.v('module binding n', -1),
  };
  setCurrent(root);
  for (const step of steps) {
    if (emptyCachesEachTime) collected();
    step(w);
  }
  setCurrent(main);
  flushCandidates(true);
  indexMarks.enabled = true;
  heldMoves.enabled = true;
  return allReports()
    .slice(before)
    .map(gist)
    .sort();
}

describe('repeats answered at the site', () => {
  beforeEach(() => {
    quietSink();
  });
  afterEach(() => {
    config.strict = false;
    setCurrent(main);
  });

  for (const strict of [true, false]) {
    it(`change nothing the detector reports (200 random programs, ${strict ? 'strict' : 'default'} mode)`, () => {
      config.strict = strict;
      let reported = 0;
      for (let seed = 1; seed <= Number(process.env.RT_SEEDS ?? 200); seed++) {
        const steps = program(seed, 120);
        const answered = run(steps, `file:///repeats-${strict}-${seed}-a.js`, false);
        const looked = run(steps, `file:///repeats-${strict}-${seed}-b.js`, true);
        expect(answered, `seed ${seed}`).toEqual(looked);
        reported += looked.length;
      }
      // The programs do race: the comparison is about something.
      expect(reported).toBeGreaterThan(strict ? 1000 : 100);
    });
  }
});

// Index marks (Shadow.marks) answer repeated accesses to an array's elements past the inline slots.
// Programs over 24 indices spill most keys there; with the marks off, every such repeat goes to its
// location record instead, and the reports must be the same.
describe('index marks', () => {
  beforeEach(() => {
    quietSink();
  });
  afterEach(() => {
    config.strict = false;
    indexMarks.enabled = true;
    setCurrent(main);
  });

  for (const strict of [true, false]) {
    it(`change nothing the detector reports (200 random programs over 24 indices, ${strict ? 'strict' : 'default'} mode)`, () => {
      config.strict = strict;
      let reported = 0;
      for (let seed = 1; seed <= Number(process.env.RT_SEEDS ?? 200); seed++) {
        const steps = program(seed, 160, 24);
        const marked = run(steps, `file:///marks-${strict}-${seed}-a.js`, false, true);
        const unmarked = run(steps, `file:///marks-${strict}-${seed}-b.js`, false, false);
        expect(marked, `seed ${seed}`).toEqual(unmarked);
        reported += unmarked.length;
      }
      expect(reported).toBeGreaterThan(strict ? 1000 : 100);
    });
  }
});

// Held moves (Shadow.holdMove): the first stretch to sort or shift an array keeps the move in the
// shadow instead of a location's records. With holding off, every move is recorded at once, and the
// reports must be the same.
describe('held moves', () => {
  beforeEach(() => {
    quietSink();
  });
  afterEach(() => {
    config.strict = false;
    heldMoves.enabled = true;
    setCurrent(main);
  });

  for (const strict of [true, false]) {
    it(`change nothing the detector reports (200 random programs, ${strict ? 'strict' : 'default'} mode)`, () => {
      config.strict = strict;
      let reported = 0;
      for (let seed = 1; seed <= Number(process.env.RT_SEEDS ?? 200); seed++) {
        const steps = program(seed, 120);
        const held = run(steps, `file:///moves-${strict}-${seed}-a.js`, false, true, true);
        const recorded = run(steps, `file:///moves-${strict}-${seed}-b.js`, false, true, false);
        expect(held, `seed ${seed}`).toEqual(recorded);
        reported += recorded.length;
      }
      expect(reported).toBeGreaterThan(strict ? 1000 : 100);
    });
  }
});
