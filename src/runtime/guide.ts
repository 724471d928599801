// Steering one run for guided confirmation (`hold=AWAIT hold_until=ACCESS hold_nth=K`, what
// `racedetect --confirm` sets): the flow that reaches the await at AWAIT, the K-th time any flow
// reaches it, is held there until another flow reaches the access at ACCESS, or until HOLD_LIMIT_MS
// have passed. The held await resolves with what it awaited, only later: an await that takes longer is
// an order Node can always produce (slower I/O, a slower peer), so a held run is a run the program could
// have had. Holding the flow that made the first of two racing accesses lets the second come first.
//
// Locations are named as reports print them (`file:line:column`, the original source's coordinates),
// so a location found in one process names the same code in the next run and in its child processes,
// whatever order they load their files in.
//
// The steering sits in a prototype of its own for the entry points (access.ts), installed only for a
// steered run: an ordinary run pays nothing for it. A steered run records no accesses and reports no
// races (install.ts): it is there to show what the program does in the other order.

import async_hooks from 'node:async_hooks';
import fs from 'node:fs';
import { types } from 'node:util';
import { promiseHooks } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { callerFiles, frameOfSite } from '../report/stack.js';
import type { AsyncContext } from './context.js';
import { current } from './context.js';
import { ownTimer } from './schedule.js';
import { SafeMap, SafeSet, SafeWeakSet } from './primordials.js';

/** How long a flow is held at most when the releasing access never comes (it may wait on the held flow). */
export const HOLD_LIMIT_MS = 1000;

export interface HoldPlan {
  at: string;
  until: string;
  nth: number;
}

/** What a steered run did, for the CLI (a file in the run directory) or the line printed at exit. */
export interface HoldOutcome {
  /** How many times a flow reached the hold await. */
  arrivals: number;
  held: boolean;
  /** 'access': the releasing access came; 'limit': HOLD_LIMIT_MS passed first. */
  released: 'access' | 'limit' | null;
  /** The arrival's value was there, or settled in the turn its await began in, so it was not held (see loopTurn). */
  passedThrough: boolean;
  /** Other code ran in the turn the held value settled in, before the held flow resumed (see noteActivity). */
  unsound: boolean;
}

let plan: HoldPlan | null = null;
const outcome: HoldOutcome = { arrivals: 0, held: false, released: null, passedThrough: false, unsound: false };
/** The run directory of the CLI, if any: where the outcome is written. */
const runDir = process.env.RACEDETECT_RUN_DIR || '';
const settledPromises = new SafeWeakSet<object>();
/** Whether a site is the hold await / the releasing access, decided once per site. */
const atSite = new SafeMap<number, boolean>();
const untilSite = new SafeMap<number, boolean>();
let release: ((why: 'access' | 'limit' | null) => void) | null = null;

export function startGuide(p: HoldPlan): void {
  plan = p;
  countTurns();
}

/**
 * Turns of the event loop so far: callbacks it ran (timers, I/O, immediates), not the ticks, queued
 * microtasks and promise reactions that run between them.
 *
 * A hold is an order Node could produce only if the awaited value settles in a later turn than the
 * await began in: its settlement then waits on an event (I/O, a timer, another flow's), which could
 * have come later. A value that settles within the turn (`await null`, a free lock, a chain of
 * promises) resumes the flow before the loop goes on, always; holding it would make an order Node
 * never makes, so such an arrival is passed through, not held.
 */
let loopTurn = 0;

const ownFile = import.meta.url;

/**
 * Whether program code is on the stack below the hook: a callback entered synchronously from it
 * (`runInAsyncScope`), not by the event loop, whose own callers are Node's internals.
 */
function programOnStack(): boolean {
  return (callerFiles(50) ?? []).some((file) => file !== '' && !file.startsWith('node:') && file !== ownFile);
}

function countTurns(): void {
  const drained = new SafeSet<number>();
  let depth = 0;
  // Only a callback the event loop itself runs starts a turn: one nested in another (a synchronous
  // runInAsyncScope, an emit from native code) is part of the turn it runs in.
  const loopCallback = (id: number): boolean => !drained.has(id) && !types.isPromise(async_hooks.executionAsyncResource()) && !programOnStack();
  async_hooks
    .createHook({
      init(id, type) {
        if (type === 'TickObject' || type === 'Microtask') drained.add(id);
      },
      before(id) {
        try {
          if (loopCallback(id) && depth++ === 0) loopTurn++;
        } catch {
          /* a hook must not throw */
        }
      },
      after(id) {
        try {
          if (loopCallback(id)) depth = Math.max(0, depth - 1);
          drained.delete(id);
        } catch {
          /* a hook must not throw */
        }
      },
    })
    .enable();
  promiseHooks.onSettled((p) => {
    settledPromises.add(p);
  });
}

function matches(cache: Map<number, boolean>, site: number, where: string): boolean {
  let m = cache.get(site);
  if (m === undefined) {
    const f = frameOfSite(site);
    m = f !== null && `${f.file}:${f.line}:${f.column}` === where;
    cache.set(site, m);
  }
  return m;
}

/** A native promise that has not settled yet (settled ones are remembered by startGuide's promise hook). */
function pending(value: unknown): boolean {
  return types.isPromise(value) && !settledPromises.has(value);
}

/** The hold in progress: its flow, and the turn its value settled in (-1: not yet). */
let holding: { ctx: AsyncContext; settledTurn: number; resumed: boolean } | null = null;

/**
 * An instrumented await at `site` by `ctx` is about to wait for `value`: the value to await instead
 * (a promise that settles as `value` does, once released), or `value` itself.
 *
 * Only a promise still pending is held: a value already there resumes the flow within the turn,
 * always. A pending one that settles within the turn the await began in is passed through (see
 * loopTurn), one microtask step later than without the detector.
 */
export function guideAwait<T>(value: T, ctx: AsyncContext, site: number): T | Promise<unknown> {
  if (plan === null) return value;
  if (holding !== null && !holding.resumed && ctx !== holding.ctx) noteActivity();
  if (!matches(atSite, site, plan.at)) return value;
  outcome.arrivals++;
  if (outcome.arrivals !== plan.nth) return value;
  if (!pending(value)) {
    outcome.passedThrough = true;
    return value;
  }
  outcome.held = true;
  const h = { ctx, settledTurn: -1, resumed: false };
  holding = h;
  if (runDir) writeHoldOutcome(runDir); // a steered process that dies still says it held
  const turn = loopTurn;
  let settled: { ok: boolean; v: unknown } | null = null;
  let released = false;
  let finish: ((s: { ok: boolean; v: unknown }) => void) | null = null;
  const held = new Promise<unknown>((resolve, reject) => {
    finish = (s) => {
      h.resumed = true;
      if (s.ok) resolve(s.v);
      else reject(s.v);
    };
  });
  const flush = (): void => {
    if (released && settled !== null) finish!(settled);
  };
  // Subscribed now, as the await would: a rejection is handled, and a thenable's `then` is called once.
  const settle = (s: { ok: boolean; v: unknown }): void => {
    settled = s;
    h.settledTurn = loopTurn;
    // Settled in the turn the await began: Node always resumes the flow within it (see loopTurn).
    if (!released && loopTurn === turn) {
      outcome.held = false;
      outcome.passedThrough = true;
      release?.(null);
      return;
    }
    flush();
  };
  (value as Promise<unknown>).then(
    (v) => settle({ ok: true, v }),
    (e) => settle({ ok: false, v: e }),
  );
  // A timer that keeps the process alive: the held flow is work the program is still waiting for.
  // The schedule's own timer: fake timers a program installs later cannot capture it.
  const limit = ownTimer(() => release?.('limit'), HOLD_LIMIT_MS);
  release = (why: 'access' | 'limit' | null) => {
    release = null;
    clearTimeout(limit);
    outcome.released = why;
    released = true;
    flush();
  };
  return held;
}

/**
 * Another flow ran program code while the held flow's value had settled in this very turn: Node
 * would have resumed the held flow first (its reaction was queued earlier, rule 8), so this run made
 * an order Node cannot make and proves nothing.
 */
function noteActivity(): void {
  if (holding !== null && holding.settledTurn === loopTurn) outcome.unsound = true;
}

/** An access at `site` is about to run: it releases the held flow if it is the awaited access of another flow. */
export function guideAccess(site: number): void {
  if (holding === null || holding.resumed || current === holding.ctx) return;
  noteActivity();
  if (release === null || !matches(untilSite, site, plan!.until)) return;
  release('access');
}

/** The outcome as the CLI reads it: one JSON file per process (per thread: Vitest's thread pools) in the run directory. */
export function writeHoldOutcome(runDir: string): void {
  try {
    fs.writeFileSync(`${runDir}/${process.pid}-${threadId}.hold.json`, JSON.stringify(outcome), { mode: 0o600 });
  } catch {
    /* the CLI then sees no hold for this process */
  }
}

/** The line a steered run prints at exit when no CLI collects its outcome. */
export function holdLine(): string {
  return describeHold(plan!, outcome);
}

/** What a hold did, in one line (the CLI prints it for the processes of a steered command). */
export function describeHold(p: HoldPlan, outcome: HoldOutcome): string {
  if (outcome.unsound) {
    return `racedetect: held the flow at ${p.at} (arrival ${p.nth}), but other code ran in the turn its value came in, before it resumed: an order Node cannot make, so this run proves nothing`;
  }
  if (outcome.passedThrough) {
    return `racedetect: the await at ${p.at} (arrival ${p.nth}) had its value already or got it in the same turn of the event loop, where Node always resumes it: nothing was held`;
  }
  if (!outcome.held) return `racedetect: hold=${p.at} was reached ${outcome.arrivals} time(s), never a ${p.nth}${p.nth === 1 ? 'st' : p.nth === 2 ? 'nd' : p.nth === 3 ? 'rd' : 'th'} time: nothing was held`;
  const how = outcome.released === 'access' ? `until ${p.until} ran` : `for ${HOLD_LIMIT_MS} ms (${p.until} did not run meanwhile)`;
  return `racedetect: held the flow at ${p.at} (arrival ${p.nth}) ${how}`;
}
