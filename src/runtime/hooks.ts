// Happens-before from the event loop: promise hooks for promise settlement and reactions (rules 2, 3),
// async hooks for everything else that runs a callback - timers, immediates, ticks, I/O (rules 2, 4, 6,
// 8). Every callback runs in a fresh context whose clock joins what ordered it before.
//
// Hook bodies never throw: an exception in an async hook is fatal to Node. Each body is wrapped, and a
// failure is reported once on stderr, after which the detector keeps going with what it has.

import async_hooks from 'node:async_hooks';
import fs from 'node:fs';
import { promiseHooks } from 'node:v8';
import { types } from 'node:util';

const { isPromise } = types;
import { type Clock, type Stamp, EMPTY, join, joinStamp, joinStamps, timeOf, withTime } from './clock.js';
import { AsyncContext, type Continuation, OuterSegment, continuation, QueueMark, setUnseenOrder, afterMark, awaiting, era, closeSegment, current, currentSegment, depth, openSegment, joinSegment, popContext, pushContext, segmentOfCurrent, segmentStamp } from './context.js';
import { accessCount, flushCandidates, isIntervalTimer } from './detect.js';
import { createTag, createWeakTag } from './tag.js';
import { messageChannelClock, socketOf, socketReadClock, socketReadDrain, trackTurns } from './sockets.js';
import { captureError } from '../report/stack.js';
import { type CreationStack, CreationStacks } from './creation.js';
import { failInAsyncHook, failInPromiseHook, failpoint } from './failpoints.js';
import { holdBackTimer, isOwnTimer } from './schedule.js';
import { traceCallback, traceCreated, traceRan, traceReaction, traceResumed, traceSettled, tracing } from './trace.js';
import { SafeMap, SafeSet, apply, startsWithText } from './primordials.js';
import { takeSyncScope } from './sync-scope.js';
import { disguise } from './function-source.js';
import { PromisePrototype, armed, getPrototypeOf, markSubclassReaction, markerBase, maySpawnSubclassReactions, reactionMarker, subclassSettled } from './subclass.js';

/**
 * What the detector keeps for a promise. The segments that created and settled it stand for the
 * contexts that did: the creator and the settler are members of their segment (segmentOfCurrent), so
 * a segment's end clock covers their stamps, and a reaction, which runs after both segments ended,
 * needs nothing more.
 */
interface PromiseRecord {
  /** The segment that created the promise (for a reaction: the segment that called then/await). */
  initSegment: OuterSegment;
  /** The segment that settled it (null while pending). */
  settleSegment: OuterSegment | null;
  /** Promise.all / allSettled: what the inputs' settlements knew, joined (null otherwise). */
  inputsClock: Clock | null;
  /** The promise a derived promise reacts to. */
  parent: Promise<unknown> | undefined;
  /** Settled in a segment reached by a timer or immediate. */
  timed: boolean;
  /** The settling flow's `queued` (AsyncContext.queued), which its reactions carry on. */
  queued: Clock;
  /**
   * Promise.all / allSettled: every input's settlement orders the result's settlement. Or what else
   * orders it, computed when it settles (joinAtSettlement).
   */
  inputs: readonly unknown[] | (() => Clock) | null;
  /** This promise's reaction (a then/catch/finally on `parent`): its end, once it has run. */
  reaction: ReactionEnd | null;
  /** The reaction registered on the same parent just before this one, in program order (rule 8). */
  previous: ReactionEnd | null;
  /** For a parent: the reaction registered on it last. */
  lastReaction: ReactionEnd | null;
  /**
   * The reaction its settling segment had queued last before this settlement queued this promise's
   * own (see queueOrder); null: none.
   */
  queuedAfter: QueueMark | null;
  /**
   * An async function's own promise, while pending: the function's flow (claimOwnPromise); a derived
   * promise whose callback returned a promise: the reaction's context. V8 resolves such a promise
   * with the one returned by a job that calls `then` on it (adoption).
   */
  owner: AsyncContext | null;
}

/**
 * Rule 8 for promise reactions: V8 runs the reactions of one promise in the order they were
 * registered, each to its end before the next, so of two `then`s on one promise made in program
 * order (one segment, or one flow) the later one's reaction comes after the earlier one's. Kept per
 * reaction, not per chain: a record knows only the box of the reaction just before it.
 */
interface ReactionEnd {
  /** Where it was registered: its segment and the flow that called then. */
  seg: OuterSegment;
  ctx: AsyncContext;
  /** The reaction's end (null until it ran). */
  end: Stamp | null;
  /** Its place in the microtask queue, once it is queued there (see queueOrder). */
  mark: QueueMark | null;
  /** How many accesses had been recorded when it was registered (see continuation). */
  at: number;
  /**
   * A flow awaiting the promise this reaction settles, while the reaction has not run: the reaction's
   * reads are handed to it as an async helper's are (AsyncContext.awaitedBy), so that a repository
   * built of `then` callbacks (`get = (id) => io().then(() => rows.get(id))`) reads for its caller.
   */
  awaitedBy: AsyncContext | null;
}

/** What the detector keeps for a timer, immediate, tick or I/O resource. */
interface ResourceRecord {
  /** The segment that created it, the creator among its members (as for promises). */
  initSegment: OuterSegment;
  /** The end of the previous activation of the same source (interval ticks, socket events). */
  last: Stamp | null;
  timed: boolean;
  /** A tick or queueMicrotask callback. */
  micro: boolean;
  /** A message port: its events acquire the in-thread message channel (rule 6). */
  message: boolean;
  /** A thread-pool request, whose callback always runs in the event loop's poll phase (see POLL_PHASE). */
  poll: boolean;
  /**
   * Rule 8: the callback queued just before this one in a FIFO queue Node guarantees: its end, once
   * run, and its turn's drain once that turn is over (`queueDrain`, see AsyncContext.queued).
   */
  before: { last: Stamp | null; queueDrain: Clock } | null;
  /** A program timer's place in its delay's list (rule 8), else null. */
  slot: TimerSlot | null;
  /** Rule 8: the turn that queued it, whose ticks and microtasks all run first. */
  queuedBy: TurnRecord | null;
  /** A timer's last `refresh()` (rule 2: it sets the timer again): the segment that called it. */
  refreshedIn: OuterSegment | null;
  /** The creating flow's AsyncContext.queued: what queue order put before it is before the callback too. */
  creatorQueued: Clock;
  /** Rule 4: what the drain of the turn its last event began did (see TurnRecord). */
  drain: Clock;
  /** That drain with what queue order put before the turn: for the next callback of its queue. */
  queueDrain: Clock;
  source: object;
  /** Where a timer or immediate was set: its callback's "created at" and the "sleep" of a timed read. */
  creation: CreationStack | null;
  /** Where the flow that made the resource began (AsyncContext.origin), for a callback with no creation stack. */
  startedBy: CreationStack | null;
  /** A one-shot callback's registrant (see Continuation); null for other resources. */
  cont: Continuation | null;
}

/**
 * Rule 8 across a turn: one macrotask (a timer, an immediate or an I/O callback, or the main script)
 * and the ticks and microtasks that run after it. Node empties both queues before it starts another
 * macrotask, so every tick and queueMicrotask callback queued in a turn - by whichever of its
 * segments, a promise reaction's included - runs before any timer, immediate or I/O callback created
 * in that turn. (Rule 8 as first written said "queued by the same segment": a tick queued before an
 * `await null` then looked unordered with a timer set after it, and a read after that timer was
 * reported as timing-dependent.)
 * For the same reason, the next event of the macrotask's source (rule 4: a socket's next data, an
 * interval's next tick) comes after the whole drain - ticks, queueMicrotask callbacks and promise
 * reactions, an async handler's continuation after `await` of a settled value included: the turn's
 * `drain` joins the end of each of those segments, and the source's record keeps it (`drain`) for
 * that next event when the next turn begins. (A request body's chunks are pushed by a stream's
 * resume tick, and the next packet's 'end' must see them.) Not in `last`, which the FIFO chains of
 * rule 8 pass on: a lost update ordered only through queue order is still one, so those edges must
 * not carry the drains along. Only turns begun by a callback the detector knows keep a drain, and
 * only of their first segments (DRAIN_JOINS).
 */
interface TurnRecord {
  /**
   * The last tick and the last queueMicrotask callback queued in the turn. Each queue runs in order
   * and every callback acquires the one before it (rule 8), so the last one's end covers all of them.
   */
  lastTick: ResourceRecord | null;
  lastMicrotask: ResourceRecord | null;
  /** The last setImmediate callback queued in the turn (immediates run in the order they were queued). */
  lastImmediate: ResourceRecord | null;
  /** The record of the macrotask that began the turn, if the detector knows its source. */
  owner: ResourceRecord | null;
  /** The join of the ends of the drain's segments so far (kept only when `owner` is set). */
  drain: Clock;
  /** How many more drain segments to join (DRAIN_JOINS at the start). */
  budget: number;
  /** The owner's AsyncContext.queued: the queue order before the turn, passed on with its drain. */
  queued: Clock;
  /** What socket channels keep of the turn (sockets.ts): its drain, filled in when the turn is over. */
  outcome: { drain: Clock } | null;
}

/**
 * A turn joins the ends of at most this many drain segments. The module loader evaluates the main
 * module in the drain of a file read's callback, and a promise-heavy program can spend its whole
 * life there: joining every one of its reactions into one growing clock took the fan-out benchmark
 * from 18 s to over 900. A drain cut short only leaves edges out (a possible false report, never a
 * missed race); an event handler's own continuations come first.
 */
const DRAIN_JOINS = 64;

// The promise of an instrumented `await` is tagged with the flow that awaits, which keeps what its
// reaction needs (AsyncContext.awaitPromise and the two fields after it): a context waits at one await
// at a time, and a flow's awaits are most of a program's promises, so they need no record of their own.
const promises = createTag<PromiseRecord | AsyncContext>();

/**
 * The parent of a subclass's derived promise, which V8 does not name (subclass.ts): its first
 * reaction learns the segment that queued it from the marker that ran last.
 */
const UNNAMED_PARENT = Object.freeze({}) as Promise<unknown>;

/** The record of a marker job's promise (subclass.ts): the detector's own, invisible to the model. */
const MARKER: PromiseRecord = Object.freeze({ initSegment: new OuterSegment(), settleSegment: null, inputsClock: null, parent: undefined, timed: false, queued: EMPTY, inputs: null, reaction: null, previous: null, lastReaction: null, queuedAfter: null, owner: null }) as PromiseRecord;

/** A marker job is running: its hooks are skipped. */
let inMarker = false;

/** The record of a promise that is not an await's own. */
function recordOfPromise(promise: object): PromiseRecord | undefined {
  const rec = promises.get(promise);
  return rec instanceof AsyncContext ? undefined : rec;
}
const resources = createTag<ResourceRecord>();

let failed = false;
export function hookFailed(where: string, e: unknown, consequence = 'detection continues, possibly incomplete'): void {
  if (failed) return;
  failed = true;
  try {
    fs.writeSync(2, `racedetect: internal error in ${where} (${consequence}): ${e instanceof Error ? e.stack : String(e)}\n`);
  } catch {
    /* nothing more to do */
  }
}

/**
 * Rule 8 for timers: Node keeps one list per delay, appends every timer it starts to its delay's
 * list and runs each list in order, so of two timers with equal delays the one started first runs
 * first. Where the earlier start is known to come first - one flow started both (in one segment, or
 * across its awaits and turns), or the later one's flow knows the starting flow's time at the start -
 * the later timer acquires the earlier one's end. Two flows that nothing orders start theirs in
 * whichever order timing gives: no edge. Timers with different delays get none either (SPEC rule 8:
 * a sleep longer than a timer's delay is the "as if synchronized via sleep" of a timing-dependent
 * read, even where Node would fire them in that order). Only the end and the starting flow are kept
 * per delay, nothing of the program's timer. Bounded: a program that keeps using new delays (jitter)
 * forgets the older ones, which can only drop an edge.
 */
interface TimerSlot {
  /** The timer's end, once its callback has run. */
  last: Stamp | null;
  /** The flow that started it, and the segment it started it in. */
  creator: AsyncContext;
  segment: OuterSegment;
  /** Its turn's drain with the queue order before it, once that turn is over (AsyncContext.queued). */
  queueDrain: Clock;
  /** The starting flow's slot and time when it started it (slot -1: it had no slot yet). */
  startSlot: number;
  startTime: number;
}
const lastTimerOfDelay = new SafeMap<number, TimerSlot>();
const TIMER_DELAYS_KEPT = 1024;
/** Whether the timer of `slot` is known to have been started before the running code, in segment `seg`, starts one. */
function startedBefore(slot: TimerSlot, seg: OuterSegment): boolean {
  if (slot.creator === current || slot.segment === seg) return true;
  return slot.startSlot >= 0 ? timeOf(current.stamp(), slot.startSlot) >= slot.startTime : knownSegment(slot.segment);
}

/** The running turn; a new one starts with every macrotask callback (onBefore). */
// The first turn is the process's start: on Node 22 and later the main module and the module loader's
// own reactions run in its drain (on Node 20, in a file read's callback's), so it may join more.
let turn: TurnRecord = { lastTick: null, lastMicrotask: null, lastImmediate: null, owner: null, drain: EMPTY, budget: 16 * DRAIN_JOINS, queued: EMPTY, outcome: null };

// sockets.ts orders a peer's read after the drains of the turns that wrote what it reads.
trackTurns(() => (turn.outcome ??= { drain: EMPTY }));

/** A drain segment has ended (its callback or reaction is over, the segment closed): the turn keeps its end. */
function drained(): void {
  if (turn.budget === 0) return;
  turn.budget--;
  const seg = currentSegment();
  if (seg.end !== null) turn.drain = joinSegment(turn.drain, seg);
}

/**
 * A new turn begins (a macrotask starts): the one before is over, its drain included, and its
 * source's next event comes after all of it.
 */
function newTurn(owner: ResourceRecord | null): void {
  loopRunning = true;
  if (turn.outcome !== null) turn.outcome.drain = turn.drain;
  const ended = turn.owner;
  if (ended !== null) {
    ended.drain = turn.drain;
    // The next callback of the owner's queue (an immediate, a timer of the same list) comes after
    // this drain and after everything queue order put before this turn.
    ended.queueDrain = join(turn.drain, turn.queued);
    if (ended.slot !== null) ended.slot.queueDrain = ended.queueDrain;
  }
  turn = { lastTick: null, lastMicrotask: null, lastImmediate: null, owner, drain: EMPTY, budget: DRAIN_JOINS, queued: EMPTY, outcome: null };
}

/** The last immediate queued, in whichever turn (see onInit). */
let lastImmediateQueued: ResourceRecord | null = null;

/**
 * Whether the running context is known to come after segment `seg`, which has ended: it ran one flow
 * with a slot, whose time at the end the context knows, or it queued the running callback. (Any other
 * segment answers no: a missed edge is a possible report, never a missed race.)
 */
function knownSegment(seg: OuterSegment): boolean {
  if (seg.end === null) return false;
  if (seg.endSlot >= 0) return timeOf(current.stamp(), seg.endSlot) >= seg.endTime;
  // The segment that queued the running callback itself (two chains started in one segment).
  return current.kind === 'callback' && recordOf(current.source)?.initSegment === seg;
}

/** The first macrotask has started: code outside every callback is no longer the main script's. */
let loopRunning = false;

// Promises
function onPromiseInit(promise: Promise<unknown>, parent: Promise<unknown> | undefined): void {
  try {
    newestParentless = null;
    if (parent === markerBase) {
      promises.set(promise, MARKER);
      return;
    }
    if (failInPromiseHook) failpoint('promise-hook');
    const seg = segmentOfCurrent();
    if (parent !== undefined && awaiting.ctx !== null) {
      const ctx = awaiting.ctx;
      if (awaiting.value) {
        // `await v` of a value that is no promise: V8 wraps v in a promise of its own (this one, whose
        // parent it names as the async function's promise), settled at once in this segment, and
        // then makes the await's promise with the wrapper as its parent (the next init). The
        // wrapper needs no record: the reaction learns nothing from its settlement that its own
        // segment does not cover, and the flow resumes as timed as it was (resumeAwaiter).
        awaiting.value = false;
        awaiting.wrapper = promise;
        awaiting.wrapperParent = parent;
        return;
      }
      awaiting.ctx = null;
      // Both let go at once: held, they would keep the async function's promise and its value alive.
      const wrapper = awaiting.wrapper;
      const wrapperParent = awaiting.wrapperParent;
      awaiting.wrapper = null;
      awaiting.wrapperParent = undefined;
      if (wrapper === null || parent === wrapper) {
        tagAwait(ctx, promise, seg, wrapper === null ? parent : undefined);
        return;
      }
      // Not the order described above: the promise taken for the wrapper was the await's own, and
      // this one is a promise like any other.
      tagAwait(ctx, wrapper, seg, wrapperParent);
    }
    const rec: PromiseRecord = { initSegment: seg, settleSegment: null, inputsClock: null, parent, timed: false, queued: EMPTY, inputs: null, reaction: null, previous: null, lastReaction: null, queuedAfter: null, owner: null };
    if (parent === undefined) {
      if (getPrototypeOf(promise) !== PromisePrototype && markSubclassReaction(promise, seg, onPromiseInit)) rec.parent = UNNAMED_PARENT;
    } else {
      const parentRec = recordOfPromise(parent);
      if (parentRec !== undefined) {
        const box: ReactionEnd = { seg, ctx: current, end: null, mark: null, at: accessCount(), awaitedBy: null };
        const last = parentRec.lastReaction;
        rec.previous = registeredBefore(last, seg, current) ?? adoptedAfter(last);
        endAdoption();
        rec.reaction = box;
        parentRec.lastReaction = box;
        // A then on a settled promise goes into the microtask queue at once.
        if (parentRec.settleSegment !== null) seg.lastQueued = box.mark = new QueueMark();
      }
    }
    promises.set(promise, rec);
    if (parent === undefined) newestParentless = rec;
    if (tracing && parent !== undefined) traceCreated(promise);
  } catch (e) {
    hookFailed('promise init', e);
  }
}

// An async function's promise is made just before its body runs, so the newest promise without a
// parent when the instrumented body starts (`enter`) is the function's own.
let newestParentless: PromiseRecord | null = null;

/** Links the async function's promise to its flow `ctx`, which `enter` has just made. */
export function claimOwnPromise(ctx: AsyncContext): void {
  const rec = newestParentless;
  if (rec === null) return;
  newestParentless = null;
  if (rec.settleSegment === null) rec.owner = ctx;
}

/**
 * While the job runs that resolves an async function's promise with the promise the function
 * returned: that function's flow (null in other adoption jobs). The job registers a reaction on the
 * returned promise (`then`), and every reaction the flow registered on it before returning comes
 * first (rule 8, as for an await: `p.then(log); return p`).
 */
let adoptingFor: AsyncContext | null = null;
/** The segment that made the promise being resolved (an async function's caller's, a then's). */
let adoptingSegment: OuterSegment | null = null;

/** An adoption job has registered its reaction, or a job began or ended: no adoption is under way. */
function endAdoption(): void {
  adoptingFor = null;
  adoptingSegment = null;
}

/**
 * In an adoption job: `last`, the reaction registered last on the promise being adopted, when it was
 * registered before the job in every run - in the segment that made the promise the job resolves
 * (whoever resolves it runs after that segment ends), or by the flow whose return queued the job.
 * Else null.
 */
function adoptedAfter(last: ReactionEnd | null): ReactionEnd | null {
  if (last === null || adoptingSegment === null) return null;
  return last.seg === adoptingSegment || (adoptingFor !== null && last.ctx === adoptingFor) ? last : null;
}

/**
 * Rule 8 for the reactions of one promise: `last`, the reaction registered on it before, when the
 * one being registered now in segment `seg` by flow `ctx` is known to come after it in program order
 * (the same segment, or the same flow); else null.
 */
function registeredBefore(last: ReactionEnd | null, seg: OuterSegment, ctx: AsyncContext): ReactionEnd | null {
  return last !== null && (last.seg === seg || last.ctx === ctx) ? last : null;
}

/** `promise` is the await's own promise of `ctx`; `parent` the promise it awaits (undefined: a value). */
function tagAwait(ctx: AsyncContext, promise: Promise<unknown> | object, seg: OuterSegment, parent: Promise<unknown> | undefined): void {
  ctx.awaitPromise = promise;
  ctx.awaitSegment = seg;
  ctx.awaitParent = parent;
  // Rule 8 as for a then (onPromiseInit): an await's reaction is registered on the promise after
  // the ones this flow or this segment registered before it.
  // (Set at every await, so that an await resumed some other way leaves nothing for the next one.)
  const parentRec = parent !== undefined ? recordOfPromise(parent) : undefined;
  ctx.awaitAfter = parentRec !== undefined ? registeredBefore(parentRec.lastReaction, seg, ctx) : null;
  // Waiting for an async flow's own result: that flow's accesses from now on are made on this
  // flow's behalf too (detect.ts, callerOf).
  const flow = parentRec !== undefined ? parentRec.owner : null;
  ctx.awaitsFlow = flow;
  if (flow !== null) flow.awaitedBy = ctx;
  // Waiting for a `then` callback's result, before it ran: its reads will be this flow's too.
  // Numbered now: the callbacks it schedules name it as their registrant (continuation), which they
  // can only by its number.
  else if (parentRec !== undefined && parentRec.reaction !== null && parentRec.reaction.end === null) parentRec.reaction.awaitedBy = ctx.numbered();
  // Its reaction is queued now when what it awaits is there already (a value, a settled promise).
  const settled = parent === undefined || (parentRec !== undefined && parentRec.settleSegment !== null);
  if (settled) {
    ctx.queuedAfter = lastQueuedSegment === seg && lastQueuedFlow !== ctx ? lastQueuedFlow : null;
    lastQueuedFlow = ctx;
    lastQueuedSegment = seg;
  } else ctx.queuedAfter = null;
  promises.set(promise, ctx);
}

/**
 * Rule 8's queue order for awaits: two flows that await values already there in one segment (`a();
 * await null` where `a` begins `await null`) resume in that order, each run to its end before the
 * next (AsyncContext.queuedAfter). The newest such await: its flow and segment.
 */
let lastQueuedFlow: AsyncContext | null = null;
let lastQueuedSegment: OuterSegment | null = null;

function onPromiseSettled(promise: Promise<unknown>): void {
  try {
    if (inMarker) return;
    // Settled outside every callback once the event loop runs: V8 settled it from a task of its own,
    // with no async hook around it (Atomics.waitAsync, WebAssembly.compile). That task
    // is a macrotask like any other: the turn before it is over, and its reactions are no drain of it.
    if (depth() === 0 && loopRunning) newTurn(null);
    // Its reactions, which may be a subclass's, are queued when this hook returns: behind a marker.
    if (armed && maySpawnSubclassReactions(promise)) subclassSettled(segmentOfCurrent(), current.timed);
    const rec = recordOfPromise(promise);
    if (rec === undefined) {
      if (lateStart && !era.sampling && promises.get(promise) === undefined) settledUnseen(segmentOfCurrent());
      return;
    }
    const seg = segmentOfCurrent();
    let inputsQueued = EMPTY;
    if (typeof rec.inputs === 'function') {
      rec.inputsClock = rec.inputs();
      rec.inputs = null;
    } else if (rec.inputs !== null) {
      const ends: Stamp[] = [];
      const inputs = rec.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i];
        const r = input !== null && typeof input === 'object' ? recordOfPromise(input) : undefined;
        if (r === undefined || r.settleSegment === null) continue;
        // An input settled in this same segment is covered by it.
        if (r.settleSegment !== seg) ends[ends.length] = segmentStamp(r.settleSegment);
        if (r.inputsClock !== null) ends[ends.length] = { vc: r.inputsClock, slot: -1, time: 0 };
        // Queue order (queueOrder): what queue order put before the input, and the reaction its
        // segment queued last, once run (a `finally` behind Promise.all's own reaction to it).
        if (r.queued !== EMPTY) inputsQueued = join(inputsQueued, r.queued);
        inputsQueued = afterMark(inputsQueued, r.settleSegment.lastQueued);
      }
      rec.inputsClock = joinStamps(EMPTY, ends);
      // The inputs are the program's own values; the result promise must not keep them alive.
      rec.inputs = null;
    }
    rec.settleSegment = seg;
    rec.owner = null;
    // Its reactions go into the microtask queue now, behind what this segment queued before.
    rec.queuedAfter = seg.lastQueued;
    const last = rec.lastReaction;
    if (last !== null && last.end === null) seg.lastQueued = last.mark ??= new QueueMark();
    if (tracing) traceSettled(promise);
    rec.timed = current.timed;
    rec.queued = inputsQueued === EMPTY ? current.queued : join(current.queued, inputsQueued);
    rec.parent = undefined;
  } catch (e) {
    hookFailed('promise settled', e);
  }
}

/**
 * The runtime started while the program was running (a test runner's setup file), not before it: only
 * then are there promises of the program's the hooks never saw made. (Kept otherwise, the segments
 * below cost a promise-heavy program 40 MB of peak memory, through the clocks they keep.)
 */
let lateStart = false;
export function startedLate(): void {
  lateStart = true;
}

/**
 * Promises made before the detector started, which it has no record of: under a test runner, those
 * the runner's own async functions were awaiting when its setup file started the runtime (collecting,
 * then running, a file's tests). Each of those functions resumes, once what it awaited returns, in a
 * reaction to such a promise (or with no hook at all, see context.ts enterSegment), and nothing tells
 * it which promise it reacts to: it started from nothing, and state a describe() callback set up
 * looked unordered with the tests that use it. It reacts to a promise of that kind settled before it
 * runs, so it acquires the segments that settled them (an order wider than the one promise's, for
 * the few reactions of the promises made before the start). Not under sampling, where a flow's unseen
 * origin marks it legacy instead.
 * The last UNSEEN_KEPT such segments are kept, a ring: promises the hooks saw made but keep no record
 * of (an instrumented await's wrapper) settle unseen too, as often as awaits run; the reaction served
 * runs soon after the settlement it reacts to.
 */
const UNSEEN_KEPT = 16;
const unseenSettleSegments: (OuterSegment | null)[] = [];
let unseenNext = 0;
let unseenLast: OuterSegment | null = null;

function settledUnseen(seg: OuterSegment): void {
  if (seg === unseenLast) return;
  unseenLast = seg;
  unseenSettleSegments[unseenNext] = seg;
  unseenNext = (unseenNext + 1) % UNSEEN_KEPT;
}

function unseenSettlements(): Clock {
  let vc = EMPTY;
  for (let i = 0; i < unseenSettleSegments.length; i++) {
    const seg = unseenSettleSegments[i];
    // A segment still open cannot be the one: the reaction runs after the settlement's segment.
    if (seg !== null && seg.end !== null) vc = joinSegment(vc, seg);
  }
  return vc;
}

setUnseenOrder(unseenSettlements);

function onPromiseBefore(promise: Promise<unknown>): void {
  try {
    awaiting.ctx = null;
    endAdoption();
    const rec = promises.get(promise);
    if (rec === MARKER) {
      inMarker = true;
      return;
    }
    const opened = depth() === 0;
    if (opened) openSegment();
    let vc: Clock;
    if (rec instanceof AsyncContext) {
      const own = rec.awaitPromise === promise;
      if (own && rec.state === 'suspended') {
        resumeAwaiter(rec);
        if (opened && reactionBehind !== null) currentSegment().queuedBehind = reactionBehind;
        return;
      }
      vc = own ? reactionClock(rec.awaitSegment!, rec.awaitParent) : reactionClock(null, undefined);
    } else if (rec !== undefined && rec.parent === UNNAMED_PARENT) {
      vc = subclassReactionClock(promise, rec);
    } else {
      vc = rec === undefined ? reactionClock(null, undefined) : reactionClock(rec.initSegment, rec.parent);
      if (rec === undefined && lateStart && !era.sampling) vc = join(vc, unseenSettlements());
      if (rec !== undefined && rec.previous !== null) {
        // Rule 8: the reaction registered before this one on the same promise has run to its end.
        vc = joinStamp(vc, rec.previous.end);
        rec.previous = null;
      } else if (rec !== undefined && (rec.owner !== null || rec.parent === undefined)) {
        // A job on a pending promise that is no reaction's: the one V8 queued when the promise was
        // resolved with another promise (`resolve(p)`, an async function's `return p`, a then
        // callback's), to adopt it.
        adoptingSegment = rec.initSegment;
        const owner = rec.owner;
        rec.owner = null;
        if (owner !== null && owner.state === 'finished') {
          // The function's end comes first (rule 2: its return queued the job).
          vc = joinStamp(vc, owner.stamp());
          adoptingFor = owner;
        }
      }
    }
    if (opened && reactionBehind !== null) currentSegment().queuedBehind = reactionBehind;
    const ctx = new AsyncContext('reaction', vc);
    // No stack is taken per `then` (it would cost every promise microseconds): a report names where
    // the flow that registered the reaction began, followed back through a chain of reactions.
    const box = rec !== undefined && !(rec instanceof AsyncContext) ? rec.reaction : null;
    if (box !== null) {
      ctx.startedBy = box.ctx.origin();
      ctx.cont = continuation(box.ctx, box.at);
      // Handed over when the reaction finishes (detect.ts, deliveredTo).
      if (box.awaitedBy !== null) {
        ctx.awaitedBy = box.awaitedBy;
        box.awaitedBy = null;
      }
    }
    if (reactionUnseen) ctx.markLegacy();
    ctx.timed = reactionTimed;
    ctx.queued = reactionQueued;
    pushContext(ctx);
    if (tracing) traceReaction(ctx, promise, rec instanceof AsyncContext ? (rec.awaitPromise === promise ? rec.awaitParent : undefined) : rec?.parent === UNNAMED_PARENT ? undefined : rec?.parent);
  } catch (e) {
    hookFailed('promise before', e);
  }
}

/**
 * The reaction of an instrumented `await`: the flow resumes here, without a reaction context of its
 * own. It learns what that context would have known - the segment that created the reaction (rule 2)
 * and the settlement of the awaited promise (rule 3) - and is the callback context until the
 * microtask ends. Its own program order it knows already.
 */
function resumeAwaiter(ctx: AsyncContext): void {
  if (tracing) traceResumed(ctx, ctx.awaitParent, ctx.segment + 1);
  // An await of a value (onPromiseInit) resumes as timed as the flow was when it awaited: that is
  // what the wrapper's settlement, by the context the flow suspended to, carried.
  const ofValue = ctx.awaitParent === undefined;
  // Joined onto the flow's own clock: what it knows already (its own earlier segments, mostly) costs nothing.
  ctx.acquireClock(reactionClock(ctx.awaitSegment!, ctx.awaitParent, ctx.vc, ctx.slot));
  if (ctx.awaitAfter !== null) {
    // Rule 8: the reaction registered before the await has run to its end.
    ctx.acquireClock(joinStamp(EMPTY, ctx.awaitAfter.end));
    ctx.awaitAfter = null;
  }
  ctx.awaitPromise = null;
  ctx.awaitSegment = null;
  ctx.awaitParent = undefined;
  const awaited = ctx.awaitsFlow;
  if (awaited !== null) {
    // A flow that has returned keeps the link: its reads were handed to this one.
    if (awaited.awaitedBy === ctx && awaited.state !== 'finished') awaited.awaitedBy = null;
    ctx.awaitsFlow = null;
  }
  if (reactionUnseen) ctx.markLegacy();
  if (!ofValue) ctx.timed = reactionTimed;
  // Tested first: nearly every resumption has no queue order to add, and the store is on its path.
  if (!ofValue && reactionQueued !== EMPTY) ctx.queued = join(ctx.queued, reactionQueued);
  const before = ctx.queuedAfter;
  if (before !== null) {
    ctx.queuedAfter = null;
    // The await queued before it in its segment ran first, to its end: queue order, which only a
    // timed flow's reads ask (AsyncContext.queued; keeping it for every flow made every resumption of
    // a fan-out make a clock: 12% of its time); that flow's own time is enough, and keeps it narrow.
    if (ctx.timed && before.slot >= 0) ctx.queued = withTime(ctx.queued, before.slot, before.time);
  }
  ctx.newSegment();
  ctx.state = 'running';
  ctx.returnTo = null;
  pushContext(ctx);
}

// What reactionClock found besides the clock (module variables: no allocation per reaction).
let reactionTimed = false;
let reactionQueued: Clock = EMPTY;
let reactionUnseen = false;
/** The segment the reaction runs in, when it opens one, is queued behind this (see queueOrder). */
let reactionBehind: QueueMark | null = null;

/**
 * What a reaction to the promise of `rec` knows: the segment that created it (rule 2) and the
 * settlement of the promise it reacts to (rule 3). Sets reactionTimed (that settlement was reached by
 * a timer) and reactionUnseen (sampling: the reaction was created, or its promise settled, while the
 * detector was off).
 */
function reactionClock(initSegment: OuterSegment | null, parentPromise: Promise<unknown> | undefined, from: Clock = EMPTY, ownSlot = -1): Clock {
  reactionTimed = false;
  reactionQueued = EMPTY;
  reactionBehind = null;
  reactionUnseen = initSegment === null;
  if (initSegment === null) return from;
  let vc = joinSegment(from, initSegment, ownSlot);
  const parent = parentPromise !== undefined ? recordOfPromise(parentPromise) : undefined;
  if (parent !== undefined && parent.settleSegment !== null) {
    if (parent.settleSegment !== initSegment) vc = joinSegment(vc, parent.settleSegment, ownSlot);
    if (parent.inputsClock !== null) vc = join(vc, parent.inputsClock);
    reactionTimed = parent.timed;
    reactionQueued = parent.queued;
    const queuedIn = parent.settleSegment;
    reactionBehind = queuedIn.lastQueued;
    queueOrder(parent, queuedIn);
  } else if (parentPromise !== undefined) reactionUnseen = true;
  return vc;
}

/**
 * Rule 8's microtask queue order, for a reaction to the promise of `parent`, which was settled in
 * segment `queuedIn` (or had settled before the reaction was registered: it then went into the queue
 * later still, and what follows holds all the more). V8 runs promise reactions in the order they were
 * queued, each to its end, so the reaction runs after
 * - the reaction `queuedIn` queued just before this settlement (PromiseRecord.queuedAfter), and
 * - the reaction queued last by the segment that queued `queuedIn`'s own (its `queuedBehind`): that one
 *   was in the queue before `queuedIn` began;
 * and whatever `queuedIn` queued last, queued before this reaction runs, runs before every reaction
 * this one queues (`reactionBehind`, the new segment's `queuedBehind`). With the `then` that counts
 * completions in `task().then(resolve).finally(() => done++)`, this is what places the count before
 * the continuation of `await Promise.all(...)` over those promises. Each mark's end carries its own
 * queue order, so the chain is followed without keeping it. Only timing-dependent reads ask
 * (AsyncContext.queued: a lost update ordered by queue order alone is still one), but every reaction
 * learns it: a flow resumed from an I/O task's settlement reads untimed, and reads again timed after
 * its next timer, when what it learned then still counts. (Learning it only in timed reactions
 * measured no cheaper on the fan-out benchmark: most marks there are of reactions with no slot.)
 */
function queueOrder(parent: PromiseRecord, queuedIn: OuterSegment): void {
  reactionQueued = afterMark(afterMark(reactionQueued, parent.queuedAfter), queuedIn.queuedBehind);
}

/**
 * The first job of a subclass's derived promise (subclass.ts): what the segment that created it
 * knew (rule 2), and the end of the segment that queued the job - the settlement it reacts to
 * (rule 3), when the marker that ran last can name it.
 */
function subclassReactionClock(promise: Promise<unknown>, rec: PromiseRecord): Clock {
  // A later job of this promise resolves it with a thenable: no reaction, nothing more to learn.
  rec.parent = undefined;
  let vc = reactionClock(rec.initSegment, undefined);
  const m = reactionMarker(promise);
  if (m !== null) {
    if (m.seg !== rec.initSegment) vc = joinSegment(vc, m.seg);
    reactionTimed = m.timed;
  }
  return vc;
}

function onPromiseAfter(promise: Promise<unknown>): void {
  try {
    if (inMarker) {
      inMarker = false;
      return;
    }
    awaiting.ctx = null;
    endAdoption();
    const ended = popContext();
    if (ended !== undefined && ended.kind === 'reaction') {
      const rec = recordOfPromise(promise);
      if (rec !== undefined && rec.reaction !== null) {
        rec.reaction.end = ended.stamp();
        const mark = rec.reaction.mark;
        if (mark !== null) {
          mark.ran = true;
          mark.slot = ended.slot;
          mark.time = ended.time;
          mark.queued = ended.queued;
        }
        // The next reaction keeps the box; this record needs it no more.
        rec.reaction = null;
        // Still pending after its callback returned: the callback returned a promise, which a job
        // will adopt as for an async function's return (onPromiseBefore).
        if (rec.settleSegment === null) rec.owner = ended;
      }
    }
    // A flow resumed by resumeAwaiter ends its stretch here, not its life (`leave` finishes it).
    if (ended !== undefined && ended.kind !== 'async' && ended.kind !== 'main') ended.finish();
    if (depth() === 0) {
      closeSegment();
      drained();
      flushCandidates(false);
    }
  } catch (e) {
    hookFailed('promise after', e);
  }
}

/**
 * Marks a promise whose settlement comes after more than the segment that settles it (stream-ends.ts):
 * `ends`, asked when it settles, says what.
 */
export function joinAtSettlement(result: unknown, ends: () => Clock): void {
  setInputs(result, ends);
}

/** Marks a Promise.all / allSettled result: its settlement joins every input's. */
export function joinInputs(result: unknown, inputs: readonly unknown[]): void {
  setInputs(result, inputs);
}

/** PromiseRecord.inputs of `result`, while it is a pending promise the hooks keep a record of. */
function setInputs(result: unknown, inputs: PromiseRecord['inputs']): void {
  if (result === null || typeof result !== 'object') return;
  const rec = recordOfPromise(result);
  if (rec !== undefined && rec.settleSegment === null) rec.inputs = inputs;
}

// Timers, immediates, ticks and I/O

const TIMED = new SafeSet(['Timeout', 'Immediate']);
/**
 * Resources whose callback runs once and continues the flow that made the request (a file read's
 * callback, a lookup's, a write's, a timer's, a tick's): SPEC §1's "a callback and what it continues".
 * Also a child process (its exit, whose handler calls execFile's and exec's callbacks and emits
 * 'exit' and 'close'), which works for the flow that started it. Sockets, servers, pipes, zlib
 * streams and intervals deliver events of their own instead (rule 4): a zlib engine's completions
 * answer whichever flow wrote or flushed, not the one that made the stream.
 */
/**
 * Requests the thread pool completes (file system calls, lookups, crypto one-shots). Their callbacks
 * run in the loop's poll phase, which the check phase (immediates) follows before the loop returns to
 * its timers: rule 8 within an I/O cycle (POLL_PHASE).
 */
const THREAD_POOL = ['FSREQCALLBACK', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'PBKDF2REQUEST', 'RANDOMBYTESREQUEST', 'SCRYPTREQUEST', 'HASHREQUEST', 'HKDFREQUEST', 'KEYPAIRGENREQUEST', 'KEYGENREQUEST', 'SIGNREQUEST', 'VERIFYREQUEST', 'CIPHERREQUEST', 'DERIVEBITSREQUEST', 'CHECKPRIMEREQUEST'];
const ONE_SHOT = new SafeSet([...THREAD_POOL, 'PROCESSWRAP', 'QUERYWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP', 'Timeout', 'Immediate', 'TickObject', 'Microtask']);
const MICRO = new SafeSet(['TickObject', 'Microtask']);
/**
 * Every immediate queued in a thread-pool request's callback turn runs before any timer that turn
 * started, whatever its delay (Node's guide to the event loop: "the immediate callback is always
 * executed first"). Not sockets and other handles: their close callbacks run in the close phase,
 * after which the timers come first.
 */
const POLL_PHASE = new SafeSet(THREAD_POOL);

function onInit(_id: number, type: string, _trigger: number, resource: object): void {
  if (type === 'PROMISE') return;
  try {
    if (failInAsyncHook) failpoint('async-hook');
    // Before anything reads the timer's delay: rule 8's grouping below sees the delay Node will use.
    if (type === 'Timeout') holdBackTimer(resource);
    const micro = MICRO.has(type);
    const rec: ResourceRecord = {
      initSegment: segmentOfCurrent(),
      last: null,
      // A completion schedule=random held back arrives on a timer of its own: not a wait on a timer.
      timed: TIMED.has(type) && !(type === 'Timeout' && isOwnTimer(resource)),
      micro,
      message: type === 'MESSAGEPORT',
      poll: POLL_PHASE.has(type),
      before: null,
      slot: null,
      queuedBy: turn,
      refreshedIn: null,
      creatorQueued: current.queued,
      drain: EMPTY,
      queueDrain: EMPTY,
      source: resource,
      creation: null,
      startedBy: current.origin(),
      cont: ONE_SHOT.has(type) ? continuation(current, accessCount()) : null,
    };
    if (type === 'ZLIB') patchZlibWrite(resource);
    if (type === 'Timeout' || type === 'Immediate') {
      const c = timerCreation(resource);
      rec.creation = c;
    }
    if (type === 'Immediate' || micro) {
      // FIFO within the turn only: callbacks queued in two turns that nothing orders run in the order
      // those turns happened to run, which is timing, not a queue guarantee.
      if (type === 'TickObject') {
        rec.before = turn.lastTick;
        turn.lastTick = rec;
      } else if (type === 'Microtask') {
        rec.before = turn.lastMicrotask;
        turn.lastMicrotask = rec;
      } else {
        // Node has one immediate queue: an immediate queued by a turn that the one before it was
        // queued by is ordered before comes after that one too (two chains of immediates that each
        // queue the next, started in one segment: a fake clock's runAllAsync run twice at once).
        let before = turn.lastImmediate;
        const last = lastImmediateQueued;
        if (before === null && last !== null && knownSegment(last.initSegment)) before = last;
        rec.before = before;
        turn.lastImmediate = rec;
        lastImmediateQueued = rec;
      }
    } else if (type === 'Timeout') {
      const delay = (resource as { _idleTimeout?: number })._idleTimeout;
      // Only the program's own timers (schedule=random's hold-backs run on timers of the detector's),
      // and only timers one flow started: which of two flows starts its timer first is timing.
      if (typeof delay === 'number' && !isOwnTimer(resource)) {
        const previous = lastTimerOfDelay.get(delay);
        const seg = rec.initSegment;
        // One flow, or one segment (the synchronous prefixes of the async functions it called are in
        // it): the order they were started in is program order.
        if (previous !== undefined && startedBefore(previous, seg)) rec.before = previous;
        if (lastTimerOfDelay.size >= TIMER_DELAYS_KEPT && !lastTimerOfDelay.has(delay)) lastTimerOfDelay.clear();
        // The starting flow's time marks the start, for a later timer's flow to tell whether it knows
        // it. Only a flow with a slot already has one: giving the starter a slot here moved the
        // slots and epochs enough to hide a lost update across an async generator's yield.
        const slot: TimerSlot = { last: null, creator: current, segment: seg, queueDrain: EMPTY, startSlot: current.slot, startTime: current.time };
        lastTimerOfDelay.set(delay, slot);
        rec.slot = slot;
      }
    }
    resources.set(resource, rec);
    if (tracing) traceCreated(resource);
  } catch (e) {
    hookFailed('async init', e);
  }
}

let queueClasses: Function[] | null = null;

/** Node's Timeout class, which it does not export: the constructor of a timer made and cancelled at once. */
function timeoutClass(): Function {
  const t = setTimeout(() => undefined, 0);
  clearTimeout(t);
  return t.constructor;
}

/** A timer, an immediate, a nextTick or a queueMicrotask callback: things with a queue order. */
function queued(resource: unknown): boolean {
  if (resource === null || typeof resource !== 'object') return true;
  if (queueClasses === null) {
    const i = setImmediate(() => undefined);
    clearImmediate(i);
    queueClasses = [timeoutClass(), i.constructor, async_hooks.AsyncResource];
  }
  for (const c of queueClasses) if (resource instanceof c) return true;
  // A nextTick callback's resource is a plain object holding the callback.
  return Object.getPrototypeOf(resource) === Object.prototype && 'callback' in resource;
}

function ioRecord(resource: object): ResourceRecord {
  const rec: ResourceRecord = {
    initSegment: currentSegment(),
    last: null,
    timed: false,
    micro: false,
    message: false,
    poll: false,
    before: null,
    slot: null,
    queuedBy: null,
    refreshedIn: null,
    creatorQueued: EMPTY,
    drain: EMPTY,
    queueDrain: EMPTY,
    source: resource,
    creation: null,
    startedBy: null,
    cont: null,
  };
  lateResources.set(resource, rec);
  return rec;
}

// A server arms one timer per request and socket through the same internal callback, bound afresh
// each time (`this._onTimeout.bind(this)`): a bound callback counts as one origin by its name.
const timerStacks = new CreationStacks('racedetect timer');

function timerCreation(resource: object): CreationStack {
  const r = resource as { _onTimeout?: unknown; _onImmediate?: unknown };
  const fn = r._onTimeout ?? r._onImmediate;
  if (typeof fn !== 'function') return { stack: captureError('racedetect timer', 10), shared: false };
  return timerStacks.take(startsWithText(fn.name, 'bound ') ? fn.name : fn);
}

// Resources first met in a sampling window already existed (a keep-alive socket's handle): their
// records go to a WeakMap, not a private field (see createWeakTag).
const lateResources = createWeakTag<ResourceRecord>();

/** The end of the last callback a timer, immediate or I/O resource ran (null: none, or unknown). */
export function resourceEnd(resource: object): Stamp | null {
  return recordOf(resource)?.last ?? null;
}

/** The flow a one-shot resource continues (ResourceRecord.cont), or null. */
export function resourceContinuation(resource: object): Continuation | null {
  return recordOf(resource)?.cont ?? null;
}

function recordOf(resource: unknown): ResourceRecord | undefined {
  if (resource === null || typeof resource !== 'object') return undefined;
  return resources.get(resource) ?? (era.sampling ? lateResources.get(resource) : undefined);
}

/** Per callback on the context stack (by depth): whether a runInAsyncScope call started it. */
const syncScopeAt: boolean[] = [];

function onBefore(): void {
  try {
    const resource = async_hooks.executionAsyncResource();
    if (isPromise(resource)) return; // promises have their own hooks
    let rec = recordOf(resource);
    // A runInAsyncScope call (sync-scope.ts) runs inside its caller's segment, never from the loop.
    // Except queueMicrotask's: Node runs each of its callbacks through runInAsyncScope as well, but
    // from the microtask queue, where no program code called it. Taken for a call, every such
    // callback ran after the main flow and the main flow after it, which ordered all of them.
    const nested = takeSyncScope() && !(rec !== undefined && rec.micro);
    if (depth() === 0 && !nested) openSegment();
    let unseen = false;
    if (rec === undefined && era.legacySlot >= 0) {
      // Sampling: a callback scheduled while the detector was off. An I/O source has no queue order
      // to miss, so it is tracked from here on (rule 4 needs its record); a timer, an immediate, a
      // tick or a microtask may be ordered after others by a queue the detector did not see.
      if (queued(resource)) unseen = true;
      else rec = ioRecord(resource);
    }
    // A callback the event loop starts that is no tick or microtask begins a new turn.
    const ownsTurn = depth() === 0 && !nested && !(rec !== undefined && rec.micro);
    if (ownsTurn) newTurn(rec ?? null);
    let vc: Clock = EMPTY;
    let ordered: Clock = EMPTY;
    let queueDrain: Clock = EMPTY;
    if (rec !== undefined) {
      vc = joinSegment(EMPTY, rec.initSegment);
      vc = joinStamp(vc, rec.last);
      if (rec.refreshedIn !== null) vc = joinSegment(vc, rec.refreshedIn);
      // Rule 4 after the drain: the source's previous event's turn ran to its end before this event.
      vc = join(vc, rec.drain);
      const sock = socketOf(resource);
      if (sock !== null) vc = join(vc, socketReadClock(sock));
      if (rec.message) vc = join(vc, messageChannelClock());
      // Rules 1-7 end here; the queue order below is rule 8 (see AsyncContext.ordered).
      ordered = vc;
      if (rec.before !== null) {
        vc = joinStamp(vc, rec.before.last);
        queueDrain = rec.before.queueDrain;
      }
      rec.before = null;
      // Ticks and microtasks queued in a turn run before any timer, immediate or I/O callback it queued.
      if (!rec.micro && rec.queuedBy !== null) {
        vc = joinStamp(vc, rec.queuedBy.lastTick?.last);
        vc = joinStamp(vc, rec.queuedBy.lastMicrotask?.last);
        // A timer a poll-phase callback's turn started: that turn's immediates ran first (POLL_PHASE).
        if (rec.slot !== null && rec.queuedBy.owner?.poll === true) vc = joinStamp(vc, rec.queuedBy.lastImmediate?.last);
        // So do its promise reactions, and whatever else its drain ran (`p.then(() => flag = true);
        // await sleep(0)`): that turn is over, since this callback came from the event loop. Queue
        // order (rule 8), so for timing-dependent reads only, as a FIFO queue's drain is.
        const drain = rec.queuedBy.drain;
        if (!nested) queueDrain = join(queueDrain, drain);
      }
      queueDrain = join(queueDrain, rec.creatorQueued);
      // Once: a source's later events acquire this one's end (`last`), which covers that turn. Kept,
      // the turn would hold its ticks' records, their callbacks' arguments, and through the turn's
      // owner the turn before it, and so on back to the start.
      rec.queuedBy = null;
      if (sock !== null) queueDrain = join(queueDrain, socketReadDrain(sock));
    }
    // Program order: the function runs after what its caller did so far.
    if (nested) {
      const apart = ordered !== vc;
      vc = joinStamp(vc, current.stamp());
      ordered = apart ? joinStamp(ordered, current.stamp()) : vc;
    }
    const ctx = new AsyncContext('callback', vc, rec?.source);
    if (ordered !== vc) ctx.ordered = ordered;
    if (unseen) ctx.markLegacy();
    if (rec !== undefined) {
      ctx.creation = rec.creation;
      // No stack of its own (an I/O callback, a tick): where the flow that started it began.
      if (rec.creation === null) ctx.startedBy = rec.startedBy;
      // An interval's tick is an activation of its source, not a continuation of whoever set it.
      if (rec.cont !== null && !isIntervalTimer(resource)) ctx.cont = rec.cont;
    }
    ctx.timed = rec?.timed ?? false;
    ctx.queued = queueDrain;
    if (ownsTurn) turn.queued = queueDrain;
    pushContext(ctx);
    syncScopeAt[depth() - 1] = nested;
    if (tracing && resource !== null && typeof resource === 'object') traceCallback(ctx, resource);
  } catch (e) {
    hookFailed('async before', e);
  }
}

function onAfter(): void {
  try {
    const resource = async_hooks.executionAsyncResource();
    if (isPromise(resource)) return;
    if (tracing && resource !== null && typeof resource === 'object') traceRan(resource);
    const nested = depth() > 0 && syncScopeAt[depth() - 1];
    const ended = popContext();
    const rec = recordOf(resource);
    if (ended !== undefined) {
      // A runInAsyncScope call returns: the caller's later code comes after the function's.
      if (nested) current.acquire(ended.stamp());
      ended.finish();
      if (rec !== undefined) {
        rec.last = ended.stamp();
        // The timer's end, for the next one its flow starts with the same delay.
        if (rec.slot !== null) rec.slot.last = rec.last;
      }
    }
    if (depth() === 0 && !nested) {
      closeSegment();
      // The macrotask's own end is its record's `last` already; a tick or microtask is the drain's.
      if (rec !== undefined && rec.micro) drained();
      flushCandidates(false);
    }
  } catch (e) {
    hookFailed('async after', e);
  }
}

let started = false;
let stopPromiseHooks: Function | null = null;
let asyncHook: async_hooks.AsyncHook | null = null;

/**
 * `timer.refresh()` sets a timer again, from now: its callback comes after the segment that refreshed
 * it (rule 2), as after one that created it. A socket's idle timeout is refreshed so by each read of
 * the socket, before its 'data' listeners run: its 'timeout' listener comes after them.
 */
export function patchTimerRefresh(): void {
  const proto = timeoutClass().prototype as Record<string, unknown>;
  const original = proto.refresh;
  if (typeof original !== 'function') return;
  proto.refresh = disguise(
    {
      refresh(this: object): unknown {
        const result = apply(original as () => unknown, this, []);
        try {
          if (era.tracking) {
            const rec = recordOf(this);
            if (rec !== undefined) rec.refreshedIn = segmentOfCurrent();
          }
        } catch {
          /* bookkeeping never breaks a timer */
        }
        return result;
      },
    }.refresh,
    original as () => unknown,
  );
}

/**
 * Rule 2 for a zlib stream: its engine's completion (the callback that pushes the output, and the
 * 'data', 'end' and flush callbacks that follow) answers the write or flush that handed it the work,
 * which the stream makes through its handle's `write`, from whichever flow wrote. The handle is made
 * once per stream, so its creation orders only the first. Each `write` of a handle class is wrapped
 * once, on the first handle of the class met, and marks the segment that issued it, as a timer's
 * refresh does (zlib hands its engine one piece of work at a time), and the completion continues
 * the flow that issued it, as a one-shot request's does (`const n = total; zlib.gzip(buf, (e, out) =>
 * { total = n + out.length })`): the writer's, not the flow that made the stream.
 */
const zlibWritePatched = new SafeSet<object>();

function patchZlibWrite(handle: object): void {
  const proto = getPrototypeOf(handle) as Record<string, unknown> | null;
  if (proto === null || zlibWritePatched.has(proto)) return;
  zlibWritePatched.add(proto);
  const original = proto.write;
  if (typeof original !== 'function') return;
  proto.write = disguise(
    {
      write(this: object, ...args: unknown[]): unknown {
        try {
          if (era.tracking) {
            const rec = recordOf(this);
            if (rec !== undefined) {
              rec.refreshedIn = segmentOfCurrent();
              rec.cont = continuation(current, accessCount());
            }
          }
        } catch {
          /* bookkeeping never breaks a write */
        }
        return apply(original as (...a: unknown[]) => unknown, this, args);
      },
    }.write,
    original as (...a: unknown[]) => unknown,
  );
}

export function startHooks(): void {
  if (started) return;
  started = true;
  setHooksEnabled(true);
}

/** Sampling turns the hooks off between windows: then the program runs at full speed. */
export function setHooksEnabled(on: boolean): void {
  if (on) {
    stopPromiseHooks ??= promiseHooks.createHook({ init: onPromiseInit, settled: onPromiseSettled, before: onPromiseBefore, after: onPromiseAfter });
    asyncHook ??= async_hooks.createHook({ init: onInit, before: onBefore, after: onAfter });
    enableWithoutPromiseIds(asyncHook);
  } else {
    (stopPromiseHooks as (() => void) | null)?.();
    stopPromiseHooks = null;
    asyncHook?.disable();
  }
}

/**
 * Enabling an async hook with an `init` callback makes Node give every promise an async id and run
 * its own before/after bookkeeping around every reaction: 3.3x on a promise-heavy program before the
 * detector does anything, and two id symbols appear on every promise in util.inspect. The detector
 * has its own promise hooks and ignores PROMISE resources, so while its hook is enabled, Node's
 * request for that internal promise hook (made through v8.promiseHooks.createHook) is declined. A
 * hook the program enables later (AsyncLocalStorage on Node 20) installs it as it would without the
 * detector, and the detector keeps ignoring promises there.
 */
function enableWithoutPromiseIds(hook: async_hooks.AsyncHook): void {
  // Another hook already tracks promises (ids present on a new promise): leave Node's hook in place.
  if (Object.getOwnPropertySymbols(Promise.resolve()).length > 0) {
    hook.enable();
    return;
  }
  const api = promiseHooks as { createHook: typeof promiseHooks.createHook };
  const original = api.createHook;
  try {
    api.createHook = () => () => undefined;
    hook.enable();
  } finally {
    api.createHook = original;
  }
}
