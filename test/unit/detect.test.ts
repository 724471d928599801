// The race checks on synthetic contexts: each test builds the happens-before shape by hand (forks,
// joins, segments) and asserts what is reported. The report sink prints to stderr; tests read
// allReports() instead.
import { beforeEach, describe, expect, it } from 'vitest';
import { AsyncContext, main, openSegment, popContext, pushContext, setCurrent } from '../../src/runtime/context.js';
import { config, flushCandidates, onRead, onWrite } from '../../src/runtime/detect.js';
import { type Access, Cell } from '../../src/runtime/shadow.js';
import type { History } from '../../src/runtime/history.js';
import { siteFrame } from '../../src/runtime/sites.js';
import { allReports } from '../../src/report/sink.js';
import { as, fork, guardSite, quietSink, site } from './flows.js';

/** A history's records, oldest first. */
function records(h: History): Access[] {
  return Array.from({ length: h.length }, (_, i) => h.record(i));
}

function count(kind?: string): number {
  return allReports().filter((r) => kind === undefined || r.kind === kind).length;
}

beforeEach(() => {
  config.strict = false;
  quietSink();
});

describe('lost updates', () => {
  it('reports two flows that read, await and write back', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    as(t1, () => onRead(L, site(), 'read'));
    as(t2, () => onRead(L, site(), 'read'));
    as(t1, () => onWrite(L, site(), false), true);
    as(t2, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });

  it('keeps the window read of a write intact while later readers cycle through the history', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    const readSite = site();
    as(t2, () => onRead(L, site(), 'read'));
    as(t1, () => onRead(L, readSite, 'read'));
    as(t1, () => onWrite(L, site(), false), true);
    // Many more flows read L: the history's records are displaced and refilled.
    for (let i = 0; i < 3 * config.historySize; i++) as(fork(main), () => onRead(L, site(), 'read'));
    as(t2, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(1);
    const r = allReports().at(-1)!;
    expect(r.kind).toBe('lost-update');
    // The report names t1's read (its window), not a later reader's.
    expect(r.window?.context).toBe(t1.id);
    expect(r.window?.stack[0]?.line).toBe(siteFrame(readSite)!.line);
  });

  it('is silent when the second flow starts after the first one finished (joined)', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    as(t1, () => onRead(L, site(), 'read'));
    as(t1, () => onWrite(L, site(), false), true);
    main.acquire(t1.stamp());
    const t2 = fork(main);
    as(t2, () => onRead(L, site(), 'read'));
    as(t2, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(0);
  });

  it('is silent for atomic updates (read and write in one segment)', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t1 = fork(main);
    const t2 = fork(main);
    as(t1, () => onWrite(L, site(), true), true);
    as(t2, () => onWrite(L, site(), true), true);
    as(t1, () => {
      onRead(L, site(), 'read');
      onWrite(L, site(), false);
    }, true);
    expect(count() - before).toBe(0);
  });

  it('is silent when the flow awaited the other writer (T waited for U)', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t = fork(main);
    as(t, () => onRead(L, site(), 'read'));
    const u = fork(t); // U started by T after T's read
    as(u, () => onWrite(L, site(), false));
    t.acquire(u.stamp()); // T awaited U
    as(t, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(0);
  });

  it('reports a later write that is not ordered after a completed read-await-write', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding n');
    const t = fork(main);
    const u = fork(main);
    as(t, () => onRead(L, site(), 'read'));
    as(t, () => onWrite(L, site(), false), true);
    as(u, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(1);
  });
});

describe('busy flags (tested and set in one segment, cleared after an await)', () => {
  // T: `if (busy) return; busy = true; await ...; busy = false`. U runs the same guard, or clears its
  // own flag, with nothing ordering it against T (a timer, schedule=random holding one caller back).
  function flagWindow(t: AsyncContext, L: Cell, test = guardSite()): void {
    as(t, () => {
      onRead(L, test, 'read');
      onWrite(L, site(), false);
    });
  }
  function clear(t: AsyncContext, L: Cell): void {
    as(t, () => onWrite(L, site(), false), true);
  }
  /** The flag's location and two flows that nothing orders. */
  function setup(): { L: Cell; t: AsyncContext; u: AsyncContext } {
    return { L: new Cell(null, undefined, 'module binding busy'), t: fork(main), u: fork(main) };
  }

  it('is silent when one caller runs its whole guarded section after the other one\'s', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L);
    clear(t, L);
    flagWindow(u, L);
    clear(u, L);
    expect(count() - before).toBe(0);
  });

  it('is silent for a guard that sees the flag and writes nothing, then a test-and-set after the window', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L);
    as(u, () => onRead(L, guardSite(), 'read'));
    clear(t, L);
    flagWindow(u, L);
    expect(count() - before).toBe(0);
  });

  it('reports a guarded write that did fall inside the window in this run (the flag did not exclude it)', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L);
    flagWindow(u, L);
    clear(t, L);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });

  it('reports an unguarded write after the window: a reset that does not test the flag', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L);
    clear(t, L);
    as(u, () => onWrite(L, site(), false), true);
    expect(count() - before).toBe(1);
  });

  it('reports a guarded write after a window whose read was not followed by the flow\'s own write', () => {
    const before = count();
    const { L, t, u } = setup();
    as(t, () => onRead(L, site(), 'read'));
    clear(t, L);
    flagWindow(u, L);
    expect(count() - before).toBe(1);
  });

  it('reports when the read that starts either window is no guard (a look, or a test of a copy)', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L, site());
    clear(t, L);
    flagWindow(u, L);
    expect(count() - before).toBe(1);
    const { L: M, t: t2, u: u2 } = setup();
    flagWindow(t2, M);
    clear(t2, M);
    flagWindow(u2, M, site());
    expect(count() - before).toBe(2);
  });

  it('reports an unguarded update after the window (n++ does not test the flag)', () => {
    const before = count();
    const { L, t, u } = setup();
    flagWindow(t, L);
    clear(t, L);
    as(u, () => onWrite(L, site(), true), true);
    expect(count() - before).toBe(1);
  });

  it('treats the flag the same once the location is shared by a third flow', () => {
    const before = count();
    const { L, t, u } = setup();
    const v = fork(main);
    as(v, () => onRead(L, site(), 'read'));
    flagWindow(t, L);
    clear(t, L);
    flagWindow(u, L);
    clear(u, L);
    expect(count() - before).toBe(0);
    flagWindow(v, L);
    flagWindow(t, L);
    clear(v, L);
    expect(count() - before).toBe(1);
  });
});

describe('timing-dependent reads', () => {
  it('reports a timed read of an unordered, finished writer at the end of the segment', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding result');
    const writer = new AsyncContext('callback', main.forkClock());
    const reader = fork(main);
    as(writer, () => onWrite(L, site(), false));
    writer.state = 'finished';
    reader.timed = true;
    as(reader, () => onRead(L, site(), 'read'), true);
    reader.state = 'finished';
    flushCandidates(false);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('timing');
  });

  it('leaves alone a read of a value another flow wrote in the same run from the event loop, unless that write was an update', () => {
    for (const update of [false, true]) {
      const before = count('timing');
      const L = new Cell(null, undefined, 'module binding flag');
      // A flow nothing orders with the caller writes first, then a timer callback sets the flag and
      // calls an async function whose synchronous prefix reads it; the flow writes again later.
      const other = new AsyncContext('callback', main.forkClock());
      as(other, () => onWrite(L, site(), false));
      const caller = new AsyncContext('callback', main.forkClock());
      caller.timed = true;
      let callee: AsyncContext | null = null;
      as(caller, () => {
        onWrite(L, site(), update);
        callee = fork(caller);
        callee.timed = true;
        setCurrent(callee);
        onRead(L, site(), 'read');
      });
      as(other, () => onWrite(L, site(), false), true);
      callee!.state = 'finished';
      flushCandidates(false);
      // A plain write fixes the value the callee reads; an update (`flag++`) makes it from the
      // value before, which the other flow's first write may or may not have been.
      if (update) expect(count('timing') - before).toBeGreaterThan(0);
      else expect(count('timing') - before).toBe(0);
    }
  });

  it('drops the candidate when the same segment writes the location (atomic update)', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding result');
    const writer = new AsyncContext('callback', main.forkClock());
    const reader = fork(main);
    as(writer, () => onWrite(L, site(), false));
    writer.state = 'finished';
    reader.timed = true;
    as(reader, () => {
      onRead(L, site(), 'read');
      onWrite(L, site(), false);
    }, true);
    reader.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(0);
  });

  it('is silent for a busy flag: the one writer clears its in-progress value', () => {
    const before = count();
    const L = new Cell(null, undefined, 'module binding busy');
    const owner = fork(main);
    const reader = fork(main);
    as(owner, () => onWrite(L, site(), false));
    owner.state = 'suspended';
    reader.timed = true;
    as(reader, () => onRead(L, site(), 'read'), true);
    reader.state = 'finished';
    flushCandidates(false);
    as(owner, () => onWrite(L, site(), false), true);
    owner.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(0);
  });

  it('treats re-reading at one site as polling, and the poll that sees the value acquires it', () => {
    const before = count();
    const flag = new Cell(null, undefined, 'module binding ready');
    const data = new Cell(null, undefined, 'module binding size');
    const writer = new AsyncContext('callback', main.forkClock());
    const poller = fork(main);
    const pollSite = site();
    as(poller, () => onRead(flag, pollSite, 'read'));
    as(writer, () => {
      onWrite(data, site(), false);
      onWrite(flag, site(), false);
    });
    writer.state = 'finished';
    poller.timed = true;
    as(poller, () => {
      onRead(flag, pollSite, 'read');
      onRead(data, site(), 'read');
    }, true);
    poller.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(0);
  });
});

describe('polls on timers a flow re-arms', () => {
  /** Runs `fn` in `ctx` as the event loop runs a callback: on the context stack (callbackContext). */
  function callback(ctx: AsyncContext, fn: () => void): void {
    // A callback runs in a run of its own from the event loop.
    openSegment();
    pushContext(ctx);
    try {
      fn();
    } finally {
      popContext();
      ctx.state = 'finished';
    }
  }

  /** A flag read once by a first check; a writer nothing orders with the checks sets it. */
  function firstCheck(): { flag: Cell; checkSite: number; first: AsyncContext } {
    const flag = new Cell(null, undefined, 'module binding ready');
    const checkSite = site();
    const first = fork(main);
    as(first, () => onRead(flag, checkSite, 'read'));
    first.state = 'finished';
    const writer = new AsyncContext('callback', main.forkClock());
    writer.timed = true;
    callback(writer, () => onWrite(flag, site(), false));
    return { flag, checkSite, first };
  }

  it('a timer callback re-reading where the flow that armed it read is a poll, down the chain', () => {
    const before = count();
    const { flag, checkSite, first } = firstCheck();
    // expect.poll: the first check arms the next, which reads at the same site and arms the next.
    const second = new AsyncContext('callback', first.forkClock());
    second.timed = true;
    callback(second, () => onRead(flag, checkSite, 'read'));
    const third = new AsyncContext('callback', second.forkClock());
    third.timed = true;
    callback(third, () => onRead(flag, checkSite, 'read'));
    flushCandidates(true);
    expect(count() - before).toBe(0);
  });

  it('still reports a timer re-reading where an unordered flow read, and a reaction re-reading after a sleep', () => {
    const before = count('timing');
    const { flag, checkSite } = firstCheck();
    const unordered = new AsyncContext('callback', main.forkClock());
    unordered.timed = true;
    callback(unordered, () => onRead(flag, checkSite, 'read'));
    flushCandidates(true);
    expect(count('timing') - before).toBe(1);

    const again = firstCheck();
    // A flow the first check started, reading there after `await sleep()`: resumed by a reaction.
    const sleeper = fork(again.first);
    const reaction = new AsyncContext('reaction', sleeper.forkClock());
    reaction.timed = true;
    sleeper.timed = true;
    callback(reaction, () => as(sleeper, () => onRead(again.flag, again.checkSite, 'read'), true));
    flushCandidates(true);
    expect(count('timing') - before).toBe(2);
  });
});

describe('strict mode', () => {
  it('reports an unordered write/write pair that the default mode leaves alone', () => {
    const L = new Cell(null, undefined, 'module binding x');
    const a = fork(main);
    const b = fork(main);
    const before = count();
    as(a, () => onWrite(L, site(), false));
    as(b, () => onWrite(L, site(), false));
    expect(count() - before).toBe(0);
    config.strict = true;
    const L2 = new Cell(null, undefined, 'module binding y');
    as(a, () => onWrite(L2, site(), false), true);
    as(b, () => onWrite(L2, site(), false), true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('strict');
  });

  it('does not report two atomic updates', () => {
    config.strict = true;
    const L = new Cell(null, undefined, 'module binding x');
    const a = fork(main);
    const b = fork(main);
    const before = count();
    as(a, () => onWrite(L, site(), true));
    as(b, () => onWrite(L, site(), true));
    expect(count() - before).toBe(0);
  });
});

describe('deleted keys', () => {
  it('a key refreshed by delete and set keeps one location, so its history still counts', async () => {
    const { Shadow, ObjectType } = await import('../../src/runtime/shadow.js');
    const sh = new Shadow(Map.prototype, ObjectType.Map, -1);
    const first = sh.cell('k');
    sh.removeCell('k');
    expect(sh.cell('k')).toBe(first);
    expect(first.removed).toBe(false);
  });

  it('short-lived keys are forgotten once deleted ones outnumber the live ones', async () => {
    const { Shadow, ObjectType } = await import('../../src/runtime/shadow.js');
    const sh = new Shadow(Map.prototype, ObjectType.Map, -1);
    const cells = [];
    for (let i = 0; i < 100; i++) {
      const c = sh.cell(`req-${i}`);
      cells.push(c);
      sh.removeCell(`req-${i}`);
    }
    expect(cells.filter((c) => c.removed).length).toBeGreaterThan(60);
    expect(sh.allCells().length).toBeLessThan(40);
    expect(sh.cell('req-0')).not.toBe(cells[0]);
  });
});

describe('history bookkeeping', () => {
  // A fixed pseudo-random walk: flows read, poll, write and update two locations across segments,
  // some of them timed, in both modes and with small histories that overflow all the time.
  function walk(seed: number, strict: boolean, historySize: number, check: (cells: Cell[]) => void): void {
    let s = seed;
    const rnd = (): number => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s / 0x80000000;
    };
    const saved = config.historySize;
    config.strict = strict;
    config.historySize = historySize;
    try {
      const cells = [new Cell(null, undefined, 'module binding a'), new Cell(null, undefined, 'module binding b')];
      const flows = Array.from({ length: 6 }, () => fork(main));
      for (let step = 0; step < 200; step++) {
        const t = flows[Math.floor(rnd() * flows.length)];
        const resume = rnd() < 0.3;
        if (resume) t.timed = rnd() < 0.3;
        as(t, () => {
          const L = cells[Math.floor(rnd() * cells.length)];
          const r = rnd();
          if (r < 0.4) onRead(L, site(), 'read');
          else if (r < 0.5) onRead(L, site(), 'poll');
          else onWrite(L, site(), r < 0.75);
        }, resume);
        check(cells);
      }
      flushCandidates(true);
    } finally {
      config.historySize = saved;
    }
  }

  it('keeps each history and its index aligned, bounded, and one entry per flow', () => {
    for (let seed = 1; seed <= 40; seed++) {
      walk(seed, seed % 3 === 0, 1 + (seed % 4), (cells) => {
        for (const c of cells) {
          for (const h of [c.reads, c.writes]) {
            expect(h.length).toBeLessThanOrEqual(config.historySize);
            expect(h.index.length).toBe(h.length * 2);
            const list = records(h);
            list.forEach((a, i) => expect(h.context(i)).toBe(a.ctx));
            expect(new Set(list.map((a) => a.ctx)).size).toBe(list.length);
          }
          records(c.reads).forEach((a, i) => expect(c.reads.reportable(i)).toBe(a.timed && !a.polling));
          records(c.writes).forEach((a, i) => expect(c.writes.reportable(i)).toBe(a.window !== null));
          // Oldest first: the accesses' order in the run.
          for (const h of [c.reads, c.writes]) records(h).forEach((a, i, all) => i > 0 && expect(a.seq).toBeGreaterThan(all[i - 1].seq));
        }
      });
    }
  });

  it('never refills a read that a write still holds as its window', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const windows = new Map<object, string>();
      walk(seed, false, 1 + (seed % 3), (cells) => {
        for (const c of cells) {
          for (const w of records(c.writes)) {
            if (w.window === null) continue;
            // A window read, once taken, must keep what it said (its flow, segment and site).
            const said = `${w.window.ctx.id}:${w.window.seg}:${w.window.site}`;
            const before = windows.get(w.window);
            if (before === undefined) windows.set(w.window, said);
            else expect(said).toBe(before);
          }
        }
      });
    }
  });
});

/** The shadow the detector made for `o` (test code only: the real entry points made it). */
async function shadowOf(o: object): Promise<import('../../src/runtime/shadow.js').Shadow> {
  const { shadowOrSite } = await import('../../src/runtime/shadow.js');
  return shadowOrSite(o) as import('../../src/runtime/shadow.js').Shadow;
}

// WeakMap and WeakSet keys, through the real entry points.
describe('weak collections', () => {
  it("a WeakMap's key: check, await, set against another flow's set is a lost update; other keys are not", async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const meta = new WeakMap<object, number>();
    const req = { url: '/a' };
    const other = { url: '/b' };
    const t = fork(main);
    const u = fork(main);
    const v = fork(main);
    as(t, () => void api.m1(meta, 'has', site(), req));
    as(v, () => void api.m1(meta, 'has', site(), other));
    as(u, () => {
      api.m1(meta, 'set', site(), req);
      meta.set(req, 1);
    }, true);
    as(v, () => {
      api.m1(meta, 'set', site(), other);
      meta.set(other, 3);
    }, true);
    as(t, () => {
      api.m1(meta, 'set', site(), req);
      meta.set(req, 2);
    }, true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
    expect(allReports().at(-1)?.location).toMatch(/^WeakMap#\d+\[<Object>\]$/);
    // Keys that cannot be held weakly are never in a WeakMap: no location, and no failure.
    as(t, () => void api.m1(meta, 'get', site(), 'not-an-object'));
    expect((await shadowOf(meta)).allCells()).toHaveLength(0);
  });
});

// Accesses that touch every key or element at once (Shadow.bulk): a Map's clear() and the array
// mutators that move elements, through the real entry points.
describe('every key or element at once', () => {
  it('a key first touched after an unordered clear() starts from the clear: a timed read of it is reported', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const sessions = new Map([['s1', 1]]);
    const sweeper = fork(main);
    const reader = fork(main);
    as(sweeper, () => {
      api.m0(sessions, 'clear', site());
      sessions.clear();
    });
    sweeper.state = 'finished';
    reader.timed = true;
    as(reader, () => void api.m1(sessions, 'get', site(), 's1'), true);
    reader.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('timing');
    expect(allReports().at(-1)?.location).toMatch(/\["s1"\]$/);
  });

  it('a clear() ordered before the flow that touches a key adds nothing to its location', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const cache = new Map<string, number>();
    const sweeper = fork(main);
    as(sweeper, () => {
      api.m1(cache, 'set', site(), 'a');
      cache.set('a', 1);
      api.m0(cache, 'clear', site());
      cache.clear();
    });
    sweeper.state = 'finished';
    // Forked from the sweeper after its clear: ordered after it.
    const later = fork(sweeper);
    later.timed = true;
    as(later, () => void api.m1(cache, 'get', site(), 'b'), true);
    later.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(0);
    const sh = await shadowOf(cache);
    const b = sh.cell('b');
    // Its own flow's location, with no shared history (a cache cleared at start-up costs nothing later).
    expect(b.shared).toBe(false);
    expect(b.last).toBe(null);
  });

  it('a check before a clear() and a set after it are a lost update, however many keys the Map has', async () => {
    const { api } = await import('../../src/runtime/access.js');
    for (const size of [3, 200]) {
      const before = count();
      const prices = new Map(Array.from({ length: size }, (_, i) => [`sku-${i}`, i]));
      for (let i = 0; i < size; i++) as(main, () => void api.m1(prices, 'get', site(), `sku-${i}`));
      const loader = fork(main);
      const admin = fork(main);
      as(loader, () => void api.m1(prices, 'has', site(), 'sku-1'));
      as(admin, () => {
        api.m0(prices, 'clear', site());
        prices.clear();
      }, true);
      as(loader, () => {
        api.m1(prices, 'set', site(), 'sku-1');
        prices.set('sku-1', 9);
      }, true);
      expect(count() - before, `${size} keys`).toBe(1);
      expect(allReports().at(-1)?.kind).toBe('lost-update');
    }
  });

  it('a sort is a write of every element: a timed index read that it does not order is reported', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const board = [3, 1, 2];
    const sorter = fork(main);
    const reader = fork(main);
    as(sorter, () => {
      api.m0(board, 'sort', site());
      board.sort();
    });
    sorter.state = 'finished';
    reader.timed = true;
    as(reader, () => void api.rk(board, 0, site()), true);
    reader.state = 'finished';
    flushCandidates(true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.location).toMatch(/order of the elements/);
  });

  it('push moves nothing: flows that each push and read back their own index are silent', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const list: number[] = [];
    const flows = [fork(main), fork(main), fork(main)];
    const at: number[] = [];
    for (const [i, f] of flows.entries()) {
      as(f, () => {
        api.m1(list, 'push', site(), i);
        at[i] = list.push(i) - 1;
      });
    }
    for (const [i, f] of flows.entries()) {
      f.timed = true;
      as(f, () => {
        api.rk(list, at[i], site());
        api.wk(list, at[i], site());
        list[at[i]] = i * 2;
      }, true);
      f.state = 'finished';
    }
    flushCandidates(true);
    expect(count() - before).toBe(0);
  });

  it('shift() does not visit the elements: a drained queue keeps one location per element it read', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const queue = Array.from({ length: 2000 }, (_, i) => i);
    const consumer = fork(main);
    const readSite = site();
    const shiftSite = site();
    as(consumer, () => {
      while (queue.length > 0) {
        api.rk(queue, 0, readSite);
        api.m0(queue, 'shift', shiftSite);
        queue.shift();
      }
    });
    const sh = await shadowOf(queue);
    // One element location (index 0), the structure and the order of the elements.
    expect(sh.allCells()).toHaveLength(1);
    // One stretch alone moved the elements: the move is held, with no location of its own yet.
    expect(sh.bulk).not.toBeInstanceOf(Cell);
    expect(sh.bulkCell().last?.ctx).toBe(consumer);
  });

  it('moves held by one stretch become records when another stretch moves or reads the elements', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const list = [5, 3, 4, 1];
    const a = fork(main);
    const b = fork(main);
    const reader = fork(main);
    const sortSite = site();
    as(a, () => {
      api.m0(list, 'sort', sortSite);
      list.sort();
      // Its own order: nothing to check, and still held.
      api.rk(list, 0, site());
    });
    const sh = await shadowOf(list);
    expect(sh.bulk).not.toBeInstanceOf(Cell);
    as(b, () => {
      api.m0(list, 'reverse', site());
      list.reverse();
    });
    expect(sh.bulk).toBeInstanceOf(Cell);
    a.state = b.state = 'finished';
    reader.timed = true;
    as(reader, () => void api.rk(list, 1, site()), true);
    reader.state = 'finished';
    flushCandidates(true);
    // Against both moves: the held sort kept its site.
    const reports = allReports().slice(before);
    expect(reports.map((r) => r.kind)).toEqual(['timing', 'timing']);
    expect(reports.map((r) => r.previous.stack[0]?.line)).toContain(siteFrame(sortSite)!.line);
  });
});

// Keys a Map or Set is asked about and does not hold.
describe('absent keys', () => {
  it('keys a collection is asked about and never holds are kept as deleted keys are, and swept', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const blocked = new Set(['10.0.0.1']);
    const checker = fork(main);
    as(checker, () => {
      api.m1(blocked, 'has', site(), '10.0.0.1');
      for (let i = 0; i < 1000; i++) api.m1(blocked, 'has', site(), `192.0.2.${i}`);
    });
    const sh = await shadowOf(blocked);
    expect(sh.allCells().length).toBeLessThan(70);
    // A key that is there keeps its location.
    const held = sh.cell('10.0.0.1');
    expect(held.deleted).toBe(0);
  });

  it('a check of an absent key, an await and an add still meet another flow add in between', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const seen = new Set<string>();
    const t = fork(main);
    const u = fork(main);
    as(t, () => void api.m1(seen, 'has', site(), 'job-1'));
    as(u, () => void api.m1(seen, 'has', site(), 'job-1'));
    as(u, () => {
      api.m1(seen, 'add', site(), 'job-1');
      seen.add('job-1');
    }, true);
    as(t, () => {
      api.m1(seen, 'add', site(), 'job-1');
      seen.add('job-1');
    }, true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });

  it('while a flow that checked a key waits, checks of a thousand other keys do not sweep its check away', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const seen = new Set<string>();
    const t = fork(main);
    const u = fork(main);
    const others = fork(main);
    const check = (ctx: AsyncContext, key: string, resume = false): void => {
      as(ctx, () => void api.m1(seen, 'has', site(), key), resume);
      ctx.state = 'suspended';
    };
    check(t, 'job-1');
    check(u, 'job-1');
    // Other requests, each asking about a key of its own, in one stretch: enough to sweep many times.
    as(others, () => {
      for (let i = 0; i < 1000; i++) api.m1(seen, 'has', site(), `job-x${i}`);
    });
    const sh = await shadowOf(seen);
    // The thousand checks went (their flow cannot act on them across an await); the two waiting ones stay.
    expect(sh.allCells().length).toBeLessThan(70);
    const add = (ctx: AsyncContext): void =>
      as(ctx, () => {
        api.m1(seen, 'add', site(), 'job-1');
        seen.add('job-1');
      }, true);
    add(u);
    add(t);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });

  it('a check of an absent key is swept once the flow that made it has finished', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const seen = new Set<string>();
    const t = fork(main);
    as(t, () => void api.m1(seen, 'has', site(), 'job-1'));
    t.state = 'suspended';
    const sh = await shadowOf(seen);
    const checked = sh.cell('job-1');
    sh.removeCell('job-1');
    const sweep = (): void => {
      const others = fork(main);
      as(others, () => {
        for (let i = 0; i < 100; i++) api.m1(seen, 'has', site(), `other-${Math.random()}`);
      });
    };
    sweep();
    expect(checked.removed).toBe(false);
    t.finish();
    sweep();
    expect(checked.removed).toBe(true);
  });
});

// Values read by copying built-ins (JSON.stringify, structuredClone, Object.values and entries).
describe('values read by built-ins', () => {
  /** A writer flow's update of `o[key]`, then a timed reader flow calling `read`: how many reports it adds. */
  async function afterWrite(o: object, key: string, read: () => void): Promise<number> {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const writer = fork(main);
    const reader = fork(main);
    as(writer, () => void api.u(o, key, site()));
    writer.state = 'finished';
    reader.timed = true;
    as(reader, read, true);
    reader.state = 'finished';
    flushCandidates(true);
    return count() - before;
  }

  it('JSON.stringify reads the values of tracked objects, however deep', async () => {
    const { api } = await import('../../src/runtime/access.js');
    /** Shared state touched earlier by instrumented accesses, as shared state is. */
    const shared = () => {
      const state = { users: { ada: { visits: 1 } }, count: 0 };
      as(main, () => {
        api.r(state, 'users', site());
        api.r(state.users, 'ada', site());
      });
      return state;
    };
    const a = shared();
    expect(await afterWrite(a.users.ada, 'visits', () => void api.vr(a, site(), 1))).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('timing');
    expect(allReports().at(-1)?.location).toMatch(/\.visits$/);
    // Through a fresh wrapper (`JSON.stringify({ state, at })`), one level down.
    const b = shared();
    expect(await afterWrite(b, 'users', () => void api.vr({ state: b, at: 1 }, site(), 1))).toBe(1);
    // Object.values reads one level only.
    const c = shared();
    expect(await afterWrite(c.users.ada, 'visits', () => void api.vr(c, site(), 0))).toBe(0);
    expect(await afterWrite(c.users, 'ada', () => void api.vr(c.users, site(), 0))).toBe(1);
  });

  it('objects no access touched, proxies and objects with a toJSON are not looked into', async () => {
    const { api } = await import('../../src/runtime/access.js');
    const { shadowOrSite } = await import('../../src/runtime/shadow.js');
    const payload = { ok: true, items: [{ sku: 'a' }] };
    api.vr(payload, site(), 1);
    expect(shadowOrSite(payload)).toBeUndefined();
    expect(shadowOrSite(payload.items)).toBeUndefined();
    let traps = 0;
    const target = { n: 1 };
    as(main, () => void api.r(target, 'n', site()));
    const proxy = new Proxy(target, { ownKeys: (t) => (traps++, Reflect.ownKeys(t)), getOwnPropertyDescriptor: (t, k) => (traps++, Reflect.getOwnPropertyDescriptor(t, k)) });
    api.vr({ proxy }, site(), 1);
    api.vr(proxy, site(), 0);
    expect(traps).toBe(0);
    let got = 0;
    const picks = { a: 1, hidden: 2, toJSON: () => ({ a: 1 }), get g() { got++; return 1; } };
    as(main, () => void api.r(picks, 'a', site()));
    expect(await afterWrite(picks, 'hidden', () => void api.vr(picks, site(), 1))).toBe(0);
    // Object.values has no toJSON: it reads `hidden`. Getters are never called.
    const other = { a: 1, hidden: 2, toJSON: picks.toJSON, get g() { got++; return 1; } };
    as(main, () => void api.r(other, 'a', site()));
    expect(await afterWrite(other, 'hidden', () => void api.vr(other, site(), 0))).toBe(1);
    expect(got).toBe(0);
  });
});

describe('delete', () => {
  it("deleting a Map's own property touches no key of the Map", async () => {
    const { api } = await import('../../src/runtime/access.js');
    const before = count();
    const m = new Map<string, number>([['foo', 1]]) as Map<string, number> & { foo?: number };
    m.foo = 2;
    const t = fork(main);
    const u = fork(main);
    as(t, () => void api.m1(m, 'get', site(), 'foo'));
    as(u, () => {
      api.d(m, 'foo', site());
      delete m.foo;
    });
    as(t, () => void api.m1(m, 'set', site(), 'foo'), true);
    flushCandidates(true);
    expect(count() - before).toBe(0);
    // A plain object's property is its location.
    const o: { foo?: number } = { foo: 1 };
    const v = fork(main);
    const w = fork(main);
    as(v, () => void api.r(o, 'foo', site()));
    as(w, () => void api.d(o, 'foo', site()));
    as(v, () => void api.w(o, 'foo', site()), true);
    flushCandidates(true);
    expect(count() - before).toBe(1);
    expect(allReports().at(-1)?.kind).toBe('lost-update');
  });
});
