// Async contexts: the event loop's counterpart of Go's goroutines.
//
// A context is one logical flow whose segments are ordered by program order: an async function
// invocation across all its awaits, one callback activation (timer, immediate, tick, I/O event), or one
// promise reaction. Each context is a "thread" of the vector-clock model: it gets a slot on its first
// tracked access, its own time advances after every release (a fork, a scheduled callback, a settled
// promise), and it joins whatever it acquires (the settler of an awaited promise, the scheduler of its
// callback).
//
// `current` is the context whose code is running. The promise and async hooks push and pop a context
// around every callback; instrumented async functions switch to their own context on entry and on every
// resumption after an await, and back on suspension.

import { type CreationStack, MAIN_FLOW } from './creation.js';
import { type Clock, type Stamp, EMPTY, join, joinStamp, joinStamps, setSlotFloor, timeIn, withOwnTime, withTime } from './clock.js';
import { traceSwitch, tracing } from './trace.js';
import { SafeMap } from './primordials.js';

export type ContextKind = 'main' | 'async' | 'callback' | 'reaction';
export type ContextState = 'running' | 'suspended' | 'finished';

let nextSlot = 0;
let nextId = 1;

/**
 * What a one-shot callback or promise reaction keeps of the flow that scheduled it (SPEC §1: "a
 * callback and what it continues"): that flow's number (AsyncContext.id) and the access count when
 * it did, and the same of the flow that scheduled that one, if it was a continuation too. Numbers,
 * not references: a chain of callbacks that each schedule the next would otherwise keep every one of
 * them alive (detect.ts, registrantWindow).
 */
export interface Continuation {
  readonly registrant: number;
  readonly registeredAt: number;
  readonly registrant2: number;
  readonly registeredAt2: number;
}

/**
 * What a continuation scheduled by `by` after `at` accesses keeps. A registrant that has recorded no
 * access (Node's own callbacks between a file read's request and the program's callback: open, stat,
 * read, close) passes on its own, so the program's callback continues the program's flow that asked
 * for the read; a flow with no access and no registrant gives none.
 */
export function continuation(by: AsyncContext, at: number): Continuation | null {
  if (by.id === 0) return by.cont;
  const up = by.cont;
  return { registrant: by.id, registeredAt: at, registrant2: up !== null ? up.registrant : 0, registeredAt2: up !== null ? up.registeredAt : 0 };
}

// Sampling (see sampling.ts) runs the detector in windows. Each window is an era: slots handed out
// before it (`era.firstSlot`) are never compared again, and every location's history starts afresh.
// A flow whose origin the detector did not see (it was scheduled, or its promise settled, while the
// detector was off) may miss happens-before edges, so it is marked: its clock knows the era's
// `legacySlot`, it records nothing, and whatever learns from it (an await, a segment end, a channel)
// learns the mark too. Without sampling, era stays 0 and nothing is ever marked.
export const era = { id: 0, firstSlot: 0, legacySlot: -1, tracking: true, sampling: false };

/**
 * Changes whenever the running flow, its segment, its time, what it knows (an acquire) or the era
 * changes: two accesses with the same epoch were made by one flow in one synchronous stretch, so the
 * second has nothing new to tell.
 * A number compared in place of four fields lets a location's shadow answer that without loading the
 * location's own record.
 */
export let epoch = 1;

/** Something the running flow's accesses depend on changed outside context.ts (the ignore depth). */
export function nextEpoch(): void {
  epoch++;
}

/**
 * The instrumented `await` about to create its promise: the flow that will resume there. Set by the
 * `aw` entry point, taken by the next promise created with a parent (the await's own), and cleared at
 * every hook boundary. The reaction to that promise then resumes the flow directly (hooks.ts).
 * `value`: the operand is no promise, so V8 first makes a promise of its own for it (the wrapper,
 * kept in `wrapper` until the await's promise names it as its parent; see onPromiseInit).
 */
export const awaiting = { ctx: null as AsyncContext | null, value: false, wrapper: null as object | null, wrapperParent: undefined as Promise<unknown> | undefined };

// Slot reuse (chain decomposition). A finished context's slot, with its final time, can be taken
// over by a context that already knows that final time: the slot's history stays one chain, ordered by
// happens-before, so every recorded (slot, time) keeps its meaning. Clocks then grow with the number of
// flows that run concurrently, not with the number that ever ran (a server's requests).
// Some finished flows are never learned by anyone (a stream's resume tick that pushed a chunk nobody
// waits for), and their slots can never be taken over. The search therefore walks the whole list a
// few entries at a time, from where the last search stopped, instead of always starting at the oldest:
// from the oldest, such slots filled every place it looked, no slot was reused, and a keep-alive
// server's clocks grew with its requests.
// How many entries one search looks at: every slot a search misses is a new one, which every clock
// that learns of its flow carries from then on, and every join walks. With 16, the HTTP server
// benchmark ended with 111 slots and the fan-out benchmark with 15,600; with 128, with 51 and 3,900,
// the first ran faster and the second no slower (a look is one lookup in the new flow's clock).
// The list is the first `freeCount` entries of each array (no Array.prototype.pop: see primordials.ts).
const freeSlots: number[] = [];
const freeTimes: number[] = [];
let freeCount = 0;
let scanAt = 0;
const REUSE_CANDIDATES = 128;
const FREE_LIMIT = 4096;

/** Gives `ctx` a slot and its first time there: a finished chain it can continue, or a new slot. */
function takeSlot(ctx: AsyncContext): void {
  const n = freeCount;
  const tries = n < REUSE_CANDIDATES ? n : REUSE_CANDIDATES;
  for (let k = 0; k < tries; k++) {
    if (scanAt >= n) scanAt = 0;
    const i = scanAt++;
    const slot = freeSlots[i];
    const last = freeTimes[i];
    // Continuing a chain is program order: only a flow ordered after its end by rules 1-7 may
    // (AsyncContext.ordered), or a lost update that only queue order ordered would look like one.
    if (timeIn(ctx.ordered ?? ctx.vc, slot) >= last) {
      removeFree(i);
      ctx.slot = slot;
      ctx.time = last + 1;
      return;
    }
  }
  ctx.slot = nextSlot++;
  ctx.time = 1;
}

/** Removes entry `i` of the free list; the last entry takes its place (order does not matter). */
function removeFree(i: number): void {
  const last = --freeCount;
  if (i < last) {
    freeSlots[i] = freeSlots[last];
    freeTimes[i] = freeTimes[last];
  }
}

function releaseSlot(slot: number, time: number): void {
  // Full: the entry the search reaches next is given up (its slot is simply never reused).
  if (freeCount >= FREE_LIMIT) removeFree(scanAt < freeCount ? scanAt : 0);
  freeSlots[freeCount] = slot;
  freeTimes[freeCount] = time;
  freeCount++;
}

/** How many slots exist (for tests and the benchmark: clocks are at most this wide). */
export function slotCount(): number {
  return nextSlot;
}

export class AsyncContext implements Stamp {
  /** Number shown in reports; given on the first tracked access so numbers stay small. */
  id = 0;
  slot = -1;
  time = 0;
  /** What this context knows of the others (its own component is slot/time). */
  vc: Clock;
  /** Counts resumptions: two accesses with equal `segment` ran in one synchronous stretch. */
  segment = 0;
  /** The current segment was reached by waiting on a timer or an immediate. */
  timed = false;
  /**
   * Rule 8's queue order reaching past `vc`: the drain (ticks, reactions, an awaiting flow's
   * continuation) of the timer or immediate its queue ran just before this flow's. Node empties the
   * microtask and tick queues between two callbacks of one queue, so what that drain did comes first
   * in every run. Kept apart from `vc` because it orders only timing-dependent reads: a lost update
   * ordered by nothing but queue order is still one (SPEC §1).
   */
  queued: Clock = EMPTY;
  /**
   * What `vc` knows by rules 1-7 alone, when a callback began with queue-order edges (rule 8: the
   * immediate or tick queued before it, the ticks its turn queued) joined into `vc`; null when none
   * were. Those edges order timing-dependent reads, transitively, so they are in `vc`; a lost update
   * asks this instead (SPEC §1: queue order does not excuse one). Joined with whatever the flow
   * acquires later.
   */
  ordered: Clock | null = null;
  state: ContextState = 'running';
  /** An async generator's flow: every suspension hands back to the stretch that resumed it. */
  generator = false;
  /** The context to switch back to when this one suspends or returns (async functions). */
  returnTo: AsyncContext | null = null;
  /** Site of the instrumented await this context is suspended at (or last was). */
  awaitSite = -1;
  /** For repeating sources (interval ticks, socket events): the source object, else this context. */
  source: object;
  /** Site id of the async function (for `async` contexts), else -1. */
  fnSite = -1;
  /**
   * Where the flow was created: an Error whose `.stack` is read only for a report, and whether it is a
   * representative one, shared with other calls of the same function (creation.ts).
   */
  creation: CreationStack | null = null;
  /**
   * An async function called by a timer or an immediate itself (no program frame below it): where
   * that callback was created (setTimeout's caller), which says more than the function alone. A
   * promise reaction or an I/O callback, which keeps no stack of its own: where the flow that
   * registered it began (MAIN_FLOW for the main flow).
   */
  startedBy: CreationStack | null = null;
  /** Calls and assignments announced and not yet completed (see access.ts), four entries each. */
  pending: unknown[] | null = null;
  /** How many entries of `pending` are in use (the array itself is not shortened: see access.ts). */
  pendingTop = 0;
  private logicalTargets: Map<number, [unknown, unknown]> | null = null;
  /** Logical assignments whose awaited value is pending, by site. */
  get logical(): Map<number, [unknown, unknown]> {
    return (this.logicalTargets ??= new SafeMap());
  }
  /** The promise of the instrumented await this flow is suspended at (hooks.ts resumes it there). */
  awaitPromise: object | null = null;
  /** The segment that created that promise (rule 2). */
  awaitSegment: OuterSegment | null = null;
  /** The promise it awaits, whose settlement its reaction acquires (rule 3). */
  awaitParent: Promise<unknown> | undefined = undefined;
  /** The async flow whose own promise that is (`await repo.find(id)`), while this flow waits for it. */
  awaitsFlow: AsyncContext | null = null;
  /**
   * The flow waiting at an await of this flow's own promise (the last one to begin waiting): what this
   * flow writes is written for that flow (detect.ts, callerOf); cleared when that flow resumes while
   * this one runs on. Once this flow has returned, the flow that was waiting when it did, which its
   * reads are handed to (detect.ts, deliveredRead), or null.
   */
  awaitedBy: AsyncContext | null = null;
  /**
   * Rule 8: a reaction the flow (or its segment) registered on that promise before the await
   * (`p.then(f); await p`), which runs to its end before the flow resumes (hooks.ts keeps its end).
   */
  awaitAfter: { readonly end: Stamp | null } | null = null;
  /**
   * Rule 8's queue order for an await whose reaction went into the microtask queue at once (the value
   * was there already): the flow whose await went in just before it, in the same segment. That flow
   * resumes first and runs to its end; when this one resumes, that flow's own time is still the one of
   * that run (its next await's reaction was queued later). Dropped once this flow resumes (hooks.ts).
   */
  queuedAfter: AsyncContext | null = null;
  /** The event-loop segment this context last ran in (see OuterSegment). */
  outer: OuterSegment | null = null;
  /** The era `pending` and `logical` belong to (stale announcements are dropped). */
  pendingEra = 0;
  private cachedStamp: Stamp | null = null;
  /** Sampling only: whether the flow is marked legacy, for the clock and era it was computed for. */
  private legacyCache: { vc: Clock; era: number; mark: boolean } | null = null;

  constructor(readonly kind: ContextKind, vc: Clock, source?: object) {
    this.vc = vc;
    this.source = source ?? this;
  }

  /** A one-shot callback's or a reaction's registrant (see Continuation); null for other contexts. */
  cont: Continuation | null = null;

  /**
   * An immutable view of what this context knows now. A stamp covers the whole current segment:
   * whatever it is handed to (a callback, a reaction, a promise's settlement) cannot run before the
   * segment ends, so the segment's later accesses are ordered before it too (SPEC rule 2: the segment
   * that schedules, before the callback). A context's time advances when it starts a new segment.
   */
  stamp(): Stamp {
    let s = this.cachedStamp;
    if (s === null || s.vc !== this.vc || s.time !== this.time) {
      s = { vc: this.vc, slot: this.slot, time: this.time };
      this.cachedStamp = s;
    }
    return s;
  }

  /**
   * Makes this context ready to record an access: a slot on its first one (or its first in this
   * sampling era). False: a flow of unknown origin, whose accesses are not recorded.
   */
  prepareAccess(): boolean {
    if (!this.prepareSlot()) return false;
    if (this.id === 0) this.id = nextId++;
    return true;
  }

  /**
   * Its number, given now if it has none: a flow a report names may have made no access of its own
   * (a caller whose reads its awaited helpers made, see detect.ts readForCaller).
   */
  numbered(): AsyncContext {
    if (this.id === 0) this.id = nextId++;
    return this;
  }

  /**
   * A slot for a record made on this flow's behalf (a read in an async callee's prefix, see detect.ts
   * readForCaller): the flow gets its report number only with an access of its own, so that numbers
   * follow the order in which flows first touch shared state, as they always have.
   */
  prepareSlot(): boolean {
    if (era.legacySlot >= 0 && this.legacy()) return false;
    if (this.slot < era.firstSlot) {
      takeSlot(this);
      epoch++;
    }
    return true;
  }

  /** This flow (or one it learned from) started while the detector was off. */
  legacy(): boolean {
    let c = this.legacyCache;
    if (c === null || c.vc !== this.vc || c.era !== era.id) {
      c = this.legacyCache = { vc: this.vc, era: era.id, mark: era.legacySlot >= 0 && timeIn(this.vc, era.legacySlot) > 0 };
    }
    return c.mark;
  }

  /** Marks a flow whose origin the detector did not see (sampling only). */
  markLegacy(): void {
    if (era.legacySlot >= 0) {
      this.vc = withTime(this.vc, era.legacySlot, 1);
      if (this.ordered !== null) this.ordered = withTime(this.ordered, era.legacySlot, 1);
    }
  }

  /** Drops calls and assignments announced in an earlier era. */
  freshPending(): void {
    if (this.pendingEra !== era.id) {
      this.pendingEra = era.id;
      this.pending = null;
      this.pendingTop = 0;
      this.logicalTargets = null;
    }
  }

  /** The flow is over: it will run no more code, and its slot can continue another chain. */
  finish(): void {
    this.state = 'finished';
    if (this.slot >= 0 && this.kind !== 'main') {
      releaseSlot(this.slot, this.time);
    }
  }

  /** A new segment of this flow (it resumed after an await): later accesses are not covered by earlier stamps. */
  newSegment(): void {
    this.segment++;
    if (this.slot >= 0) this.time++;
    epoch++;
  }

  acquire(st: Stamp | null | undefined): void {
    if (!st) return;
    // What this flow knows changes: later accesses are not the same stretch as earlier ones.
    epoch++;
    if (st.slot === this.slot && this.slot >= 0) {
      this.vc = join(this.vc, st.vc);
      if (this.ordered !== null) this.ordered = join(this.ordered, st.vc);
      return;
    }
    this.vc = joinStamp(this.vc, st);
    if (this.ordered !== null) this.ordered = joinStamp(this.ordered, st);
  }

  acquireClock(vc: Clock): void {
    epoch++;
    this.vc = join(this.vc, vc);
    if (this.ordered !== null) this.ordered = join(this.ordered, vc);
  }

  /** This flow's stamp by rules 1-7 alone (see `ordered`): `now` itself when queue order added nothing. */
  orderedStamp(now: Stamp): Stamp {
    return this.ordered === null ? now : { vc: this.ordered, slot: this.slot, time: this.time };
  }

  /** Where this flow began, for what it registers (see startedBy): its creation, or its own start. */
  origin(): CreationStack | null {
    return this.creation ?? this.startedBy ?? (this.kind === 'main' ? MAIN_FLOW : null);
  }

  /** A clock for a new context forked from this one. */
  forkClock(): Clock {
    return withTime(this.vc, this.slot, this.time);
  }
}

/**
 * One run of JavaScript from the event loop (or the microtask queue) until it returns there: every
 * context that ran in it, async functions' synchronous prefixes included. Whatever such a segment
 * schedules, settles or starts cannot run before the segment ends, so the callback acquires the whole
 * segment's clock at its end (SPEC rule 2, "the segment that schedules ... before the callback"), not
 * only what the scheduling context knew at the call.
 */
export class OuterSegment {
  /**
   * Set when the segment ends. With its own component (`endSlot`, `endTime`: a member's, or -1) it is
   * what the segment knew: a segment that ran one flow, which is most of them, keeps that flow's clock
   * and time instead of a clock made of both, and whoever joins it and knows that flow already (the
   * flow itself, resuming) allocates nothing.
   */
  end: Clock | null = null;
  endSlot = -1;
  endTime = 0;
  /** The end as one clock (its own component folded in), made the first time another flow joins it. */
  whole: Clock | null = null;
  /**
   * Rule 8's microtask queue order (hooks.ts): the promise reaction queued last in this segment, which
   * runs before every reaction a segment queues once this one is over.
   */
  lastQueued: QueueMark | null = null;
  /**
   * The reaction queued last by the segment that queued this one's reaction: whether it ran before
   * or runs after this one, it runs before anything this segment queues.
   */
  queuedBehind: QueueMark | null = null;
}

/**
 * A promise reaction put in the microtask queue; once it has run (`ran`), its own time (`slot` -1:
 * it had none) and the queue order it knew (AsyncContext.queued). Filled with numbers, not a clock
 * made at the reaction's end: most marks are never asked. Holds no segment or context, so marks never
 * chain.
 */
export class QueueMark {
  ran = false;
  slot = -1;
  time = 0;
  queued: Clock = EMPTY;
}

/** `vc` joined with what the reaction of mark `m` knew of queue order at its end, if it has run. */
export function afterMark(vc: Clock, m: QueueMark | null): Clock {
  if (m === null || !m.ran) return vc;
  if (m.queued !== EMPTY) vc = join(vc, m.queued);
  return m.slot >= 0 ? withTime(vc, m.slot, m.time) : vc;
}

let outer = new OuterSegment();

// The contexts that ran in the open segment, the first `memberCount` entries. Only the open segment has
// members, so one array serves every segment: a list per segment was a fresh array for every microtask.
const members: (AsyncContext | null)[] = [];
let memberCount = 0;

/** The segment running now; records keep it to join its end later. */
export function currentSegment(): OuterSegment {
  return outer;
}

/**
 * The open segment, with the running context among its members: whatever the context does now - create
 * or settle a promise, schedule a callback - is covered by the segment's end clock. (Code can go on
 * after a nested callback closed the segment it started in; it then opens a new one.)
 */
export function segmentOfCurrent(): OuterSegment {
  if (current.outer !== outer || outer.end !== null) enterSegment(current);
  return outer;
}

/**
 * `vc` joined with what segment `seg` knows: all of it once it has ended, what its members know so far
 * while it is open. `ownSlot`: the slot of the flow whose clock `vc` is, which knows its own times
 * beside its clock (a flow resuming after its own segment learns nothing from that segment's time).
 */
export function joinSegment(vc: Clock, seg: OuterSegment, ownSlot = -1): Clock {
  if (seg.end !== null) {
    if (seg.endSlot === ownSlot || seg.endSlot < 0) return join(vc, seg.end);
    // Made once per segment, however many flows learn from it (the callbacks and ticks it queued).
    return join(vc, (seg.whole ??= withOwnTime(seg.end, seg.endSlot, seg.endTime)));
  }
  return seg === outer ? join(vc, membersClock()) : vc;
}

/** What segment `seg` knows, as a stamp (for joins of many, see joinStamps). */
export function segmentStamp(seg: OuterSegment): Stamp {
  if (seg.end !== null) return { vc: seg.end, slot: seg.endSlot, time: seg.endTime };
  return { vc: joinSegment(EMPTY, seg), slot: -1, time: 0 };
}

/** The join of what every member of the open segment knows now. */
function membersClock(): Clock {
  if (memberCount > 4) {
    const stamps: Stamp[] = new Array(memberCount);
    for (let i = 0; i < memberCount; i++) stamps[i] = members[i]!.stamp();
    return joinStamps(EMPTY, stamps);
  }
  // Most segments are one reaction and the flow it resumed: no list, no scratch pass.
  let vc: Clock = EMPTY;
  for (let i = 0; i < memberCount; i++) vc = joinStamp(vc, members[i]!.stamp());
  return vc;
}

/** What code that resumes with no hook around it learns (hooks.ts: see settledUnseen). */
let unseenOrder: () => Clock = () => EMPTY;
export function setUnseenOrder(fn: () => Clock): void {
  unseenOrder = fn;
}

function enterSegment(ctx: AsyncContext): void {
  if (outer.end !== null) {
    outer = new OuterSegment();
    // The main flow running with no callback around it, after its segment closed: an async function
    // resuming from an await it began before the detector's hooks were on, which V8 resumes without
    // promise hooks (a test runner's own functions, resuming after the setup file that started the
    // runtime: Vitest's runner after collecting a file, before running its tests). Whatever it
    // awaited settled before, in a segment the hooks saw settle a promise they had no record of.
    if (ctx === main && !era.sampling) {
      const unseen = unseenOrder();
      if (unseen !== EMPTY) ctx.acquireClock(unseen);
    }
  }
  // Code of unknown origin records nothing, but is no member of the segment either: a callback or
  // request it starts would otherwise inherit its mark, and through a socket's channel clock every
  // later request on that connection, for the rest of the window (a sampled server's race went
  // unreported in most runs). What such code starts learns nothing from it.
  if (ctx === outside && ctx !== main) return;
  if (ctx.outer !== outer) {
    ctx.outer = outer;
    members[memberCount++] = ctx;
  }
}

/** Ends the running segment: its clock is the join of everything that ran in it. */
const segmentEndListeners: (() => void)[] = [];

/** Runs `fn` whenever an event-loop segment ends (caches that must not outlive one). */
export function onSegmentEnd(fn: () => void): void {
  segmentEndListeners[segmentEndListeners.length] = fn;
}

export function closeSegment(): void {
  if (outer.end !== null) return;
  for (let i = 0; i < segmentEndListeners.length; i++) segmentEndListeners[i]();
  if (memberCount === 1) {
    const only = members[0]!;
    outer.end = only.vc;
    outer.endSlot = only.slot;
    outer.endTime = only.time;
  } else outer.end = membersClock();
  forgetMembers();
}

/** Empties the member list, keeping its capacity (contexts are not kept alive by it). */
function forgetMembers(): void {
  for (let i = 0; i < memberCount; i++) members[i] = null;
  memberCount = 0;
}

/** A callback starts from the event loop: the previous segment, if still open, is over. */
export function openSegment(): void {
  closeSegment();
  outer = new OuterSegment();
}

// Public API (for the rest of the runtime)

export const main = new AsyncContext('main', EMPTY);
/**
 * Who runs code outside every callback context. Normally the main flow (its synchronous start). In a
 * sampling window it is a flow of unknown origin: the hooks report every job that began while they
 * were on, so code outside any callback is a reaction job V8 ran without a hook - an await that began
 * while the detector was off, for which V8 made no promise to report. Whatever it does is unordered
 * with what the detector saw: a flow it resumes is marked in turn, and what it starts (a callback, a
 * request) learns nothing from it (enterSegment).
 */
let outside: AsyncContext = main;
enterSegment(main);

/**
 * A sampling window opens: a new era. Slots start above every earlier one (old clock entries are
 * never consulted again), freed slots are forgotten, and the callback stacks, which missed events
 * while the hooks were off, start empty.
 */
export function newEra(): void {
  era.id++;
  era.firstSlot = nextSlot;
  era.legacySlot = nextSlot++;
  setSlotFloor(era.firstSlot);
  freeSlots.length = 0;
  freeTimes.length = 0;
  freeCount = 0;
  scanAt = 0;
  saved.length = 0;
  pushed.length = 0;
  stackDepth = 0;
  outside = new AsyncContext('callback', EMPTY);
  outside.markLegacy();
  current = outside;
  epoch++;
  outer = new OuterSegment();
  forgetMembers();
  enterSegment(outside);
}

/**
 * Contexts of the callbacks that are running, innermost last (set by the hooks): the first
 * `stackDepth` entries of each array. A count instead of push and pop: a program that replaced
 * Array.prototype.pop with code of its own would have it run here, on every callback, and the
 * replacement's own accesses would come back here (see primordials.ts).
 */
const saved: (AsyncContext | null)[] = [];
const pushed: (AsyncContext | null)[] = [];
let stackDepth = 0;
export let current: AsyncContext = main;

export function setCurrent(ctx: AsyncContext): void {
  if (tracing) traceSwitch(current, ctx, false, true);
  current = ctx;
  epoch++;
  enterSegment(ctx);
}

export function pushContext(ctx: AsyncContext): void {
  if (tracing) traceSwitch(current, ctx, false, false);
  saved[stackDepth] = current;
  pushed[stackDepth] = ctx;
  stackDepth++;
  current = ctx;
  epoch++;
  enterSegment(ctx);
}

/** Pops the innermost callback context, whatever instrumented code switched to meanwhile. */
export function popContext(): AsyncContext | undefined {
  let ended: AsyncContext | undefined;
  let back: AsyncContext = outside;
  if (stackDepth > 0) {
    stackDepth--;
    ended = pushed[stackDepth]!;
    back = saved[stackDepth]!;
    pushed[stackDepth] = null;
    saved[stackDepth] = null;
  }
  if (tracing) traceSwitch(current, back, stackDepth === 0, false);
  current = back;
  epoch++;
  if (stackDepth > 0) enterSegment(current);
  return ended;
}

/** The context the innermost running callback started in (`outside` outside any callback). */
export function callbackContext(): AsyncContext {
  return stackDepth > 0 ? pushed[stackDepth - 1]! : outside;
}

export function depth(): number {
  return stackDepth;
}
