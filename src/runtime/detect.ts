// The race checks of SPEC §1, run on every tracked access.
//
// Lost update: context T read L, yielded, and writes L without re-reading it in this segment (the read
// is the write's "window"); another context U's write to L is a race unless it happened before T's read,
// or rules 1-7 place it after T's read and before T's write (T awaited U). It is checked from both ends:
// when T writes (U's write is in L's history) and when U writes after T's completed window.
//
// Timing-dependent read: a read in a segment reached by a timer or an immediate that observes a write,
// or could have observed one, by a context it is not ordered with. The verdict waits for the end of the
// reader's segment (a write to L in the same segment makes it an atomic update) and, when the observed
// writer is still in progress, for that writer to finish (the busy-flag idiom: the writer clears its
// own flag later). Polling - re-reading at one site until the value changes: in one flow, on the ticks
// of an interval, or in the timer callbacks a check re-arms - is not a race, and the poll that sees the
// new value acquires the writer's clock, as an atomic load would.
//
// Strict mode: every unordered conflicting pair except two atomic updates.

import { type Stamp, EMPTY, happensBefore, timeIn, withTime } from './clock.js';
import { type AsyncContext, type Continuation, callbackContext, current, currentSegment, era } from './context.js';
import { type Access, type AccessKind, Cell, type EpochInfo, ObjectType, setHeldRecorder, setSeeder } from './shadow.js';
import { History, NO_HISTORY } from './history.js';
import { type RaceKind, currentGeneration, raceFound } from '../report/sink.js';
import { captureError } from '../report/stack.js';
import { isGuardSite } from './sites.js';
import { testedLocations } from './exit-tests.js';
import { SafeSet, SafeWeakMap } from './primordials.js';

export interface DetectorConfig {
  strict: boolean;
  historySize: number;
}

export const config: DetectorConfig = { strict: false, historySize: 8 };

/** A timing-dependent read (or strict pair) waiting for its segment, or its writer, to end. */
interface Candidate {
  kind: RaceKind;
  reader: Access;
  cell: Cell;
  previous: Access;
  /** Dropped if this (still running) writer writes the location again before it finishes. */
  waitWriter: AsyncContext | null;
  stack: Error;
  /** The test generation it was found in (report/sink.ts): the test it belongs to. */
  found: number;
}

let pending: Candidate[] = [];

function stampNow(ctx: AsyncContext): Stamp {
  return { vc: ctx.vc, slot: ctx.slot, time: ctx.time };
}

function record(ctx: AsyncContext, site: number, kind: AccessKind): Access {
  return fill(
    { vc: ctx.vc, slot: 0, time: 0, ctx, source: ctx.source, seg: 0, site: 0, kind, timed: false, window: null, observed: null, polling: false, atomic: false, seq: 0, via: -1, kept: false },
    ctx,
    site,
    kind,
  );
}

function fill(a: Access, ctx: AsyncContext, site: number, kind: AccessKind): Access {
  a.vc = ctx.vc;
  a.slot = ctx.slot;
  a.time = ctx.time;
  a.ctx = ctx;
  a.source = ctx.source;
  a.seg = ctx.segment;
  a.site = site;
  a.kind = kind;
  a.timed = ctx.timed;
  a.window = null;
  a.observed = null;
  a.polling = false;
  a.atomic = false;
  a.seq = ++accessSeq;
  a.via = ctx.awaitSite;
  return a;
}

function copy(a: Access): Access {
  return { ...a };
}

/**
 * The records a held slot (see Shadow.holdRead) turns into: exactly what onRead and onWrite would have
 * left on a new location after that epoch's read, write, or read then write of it.
 */
function recordHeldAccesses(cell: Cell, info: EpochInfo, readSite: number, writeSite: number, update: boolean, readAfterWrite: boolean): void {
  const held = (site: number, kind: AccessKind): Access => ({
    vc: info.vc, slot: info.slot, time: info.time, ctx: info.ctx, source: info.ctx.source, seg: info.seg, site, kind,
    // Under sampling no read is judged as timing-dependent (see recordRead).
    timed: info.timed && !era.sampling, window: null, observed: null, polling: false, atomic: false, seq: info.seq, via: info.via, kept: false,
  });
  cell.era = info.era;
  cell.exCtx = info.ctx;
  cell.fastCtx = info.ctx;
  cell.fastSeg = info.seg;
  cell.fastTime = info.time;
  const wrote = writeSite >= 0;
  // The stretch's last access was the read when it came after the write.
  cell.fastWrite = wrote && !readAfterWrite;
  cell.fastRead = readAfterWrite || readSite >= 0 || (wrote && update);
  // An update's read half replaces an earlier read of the same stretch; a read followed by a write in
  // one stretch is atomic, and so is a read after it (it reads the flow's own value, and starts the
  // flow's next window).
  if (readAfterWrite) {
    // A read of the flow's own write (see onRead): atomic.
    const r = held(readSite, 'read');
    r.observed = info.ctx;
    r.atomic = true;
    cell.exRead = r;
  } else if (readSite >= 0 || (wrote && update)) {
    const r = held(wrote && update ? writeSite : readSite, 'read');
    r.atomic = wrote;
    r.polling = !wrote && rereadByInterval(info.ctx, readSite, 'read');
    cell.exRead = r;
  }
  if (wrote) {
    const w = held(writeSite, update ? 'update' : 'write');
    // Tested by a guard read first in the stretch, then written: a test-and-set (see flagExcludes).
    w.atomic = readSite >= 0 && !readAfterWrite && isGuardSite(readSite);
    cell.exWrite = w;
    cell.last = w;
  }
}
setHeldRecorder(recordHeldAccesses);

/**
 * A key's new location in a collection that was cleared (Shadow.bulk): the clear wrote every key, this
 * one included, so the location starts with that write as its last, as if it had been there. Not when
 * the clear happens before the flow that makes the location: nothing it does can race with it, and
 * every key of a Map cleared once at start-up would otherwise start out shared. A later flow that
 * is not ordered after the clear then misses it, unless it meets the first flow's accesses.
 */
function seedFromClear(cell: Cell, bulk: Cell): void {
  const w = bulk.last;
  if (w === null || bulk.era !== era.id) return;
  const ctx = current;
  if (w.ctx === ctx || happensBefore(w, ctx)) return;
  const seed = copy(w);
  seed.window = null;
  seed.kept = false;
  cell.era = era.id;
  cell.exCtx = w.ctx;
  cell.exWrite = seed;
  cell.last = seed;
}
setSeeder(seedFromClear);

/**
 * The location's last recorded access was made by `ctx` in its current segment, at its current time,
 * in this sampling era: a read now adds nothing (and a write nothing either, if that access wrote).
 */
export function sameStretch(cell: Cell, ctx: AsyncContext): boolean {
  return cell.fastCtx === ctx && cell.fastSeg === ctx.segment && cell.fastTime === ctx.time && cell.era === era.id;
}

/**
 * A read of `cell` now would add nothing (onRead's first answer): the running flow read it in this
 * stretch, or its last access there was not a write.
 */
export function readRepeats(cell: Cell): boolean {
  return sameStretch(cell, current) && (!cell.fastWrite || cell.fastRead);
}

/** Access `a` was made in the event-loop segment still running (its flow has not resumed since). */
function writtenInOpenSegment(a: Access): boolean {
  const seg = currentSegment();
  return seg.end === null && a.ctx.outer === seg && a.seg === a.ctx.segment;
}

/** The location's state changes: repeats answered at their sites (access.ts) must look again. */
function changed(cell: Cell): void {
  if (cell.owner !== null) cell.owner.gen++;
  else cell.gen++;
}

/** A new sampling era: what the location remembers comes from an earlier window. */
function forgetHistory(cell: Cell): void {
  if (era.sampling) keepReadSites(cell);
  cell.era = era.id;
  cell.reads = NO_HISTORY;
  cell.writes = NO_HISTORY;
  cell.last = null;
  cell.fastCtx = null;
  cell.fastSeg = -1;
  cell.fastTime = -1;
  cell.fastRead = false;
  cell.shared = false;
  cell.exCtx = null;
  cell.exRead = null;
  cell.exWrite = null;
}

/**
 * Sampling: the sites at which a location was read in windows gone by (at most four). A poll that
 * re-arms a timer checks once per tick, and with short windows each window may see one check only:
 * the first check a window sees then looks like a one-off timed read, and a write in the same window
 * reported it (the then-chain poll, one run in twelve at 2 ms windows). A timer's callback reading
 * at such a site is taken for the poll's next check (rereadByTimer asks that the earlier read be
 * ordered before it; across windows that order is no longer known). Kept apart from the cells: only
 * a sampled run has any.
 */
const readSitesBefore = new SafeWeakMap<Cell, number[]>();

function keepReadSites(cell: Cell): void {
  const reads = cell.reads;
  const n = reads.length + (cell.exRead !== null ? 1 : 0);
  if (n === 0) return;
  let sites = readSitesBefore.get(cell);
  if (sites === undefined) readSitesBefore.set(cell, (sites = []));
  for (let i = 0; i < n; i++) {
    const site = i < reads.length ? reads.record(i).site : cell.exRead!.site;
    if (sites.includes(site)) continue;
    if (sites.length >= 4) sites.shift();
    sites[sites.length] = site;
  }
}

function readInEarlierWindow(cell: Cell, site: number): boolean {
  const sites = readSitesBefore.get(cell);
  return sites !== undefined && sites.includes(site);
}

/** A sampling window closes: candidates still waiting cannot be decided any more, and are dropped. */
export function dropCandidates(): void {
  pending = [];
}

/** A second context reached a location: its owner's in-place records become ordinary history. */
function share(cell: Cell): void {
  cell.shared = true;
  cell.reads = new History(config.historySize);
  cell.writes = new History(config.historySize);
  if (cell.exRead !== null) pushRead(cell, cell.exRead);
  if (cell.exWrite !== null) pushWrite(cell, cell.exWrite);
  cell.exRead = null;
  cell.exWrite = null;
}

/** Exclusive read: only `ctx` has touched the cell. Polling still needs the previous read's site. */
function exclusiveRead(cell: Cell, ctx: AsyncContext, site: number, kind: 'read' | 'iterate'): void {
  const prev = cell.exRead;
  const polling = kind === 'read' && prev !== null && prev.site === site && prev.seg !== ctx.segment;
  const a = prev === null ? (cell.exRead = record(ctx, site, kind)) : fill(prev, ctx, site, kind);
  a.polling = polling;
  a.observed = cell.last !== null ? ctx : null;
}

function exclusiveWrite(cell: Cell, ctx: AsyncContext, site: number, update: boolean): void {
  const own = cell.exRead;
  const guarded = own !== null && own.seg === ctx.segment && isGuardSite(own.site);
  let window: Access | null = null;
  if (own !== null) {
    if (own.seg === ctx.segment) own.atomic = true;
    else if (!update) window = copy(own);
  }
  if (update) {
    const r = own === null ? (cell.exRead = record(ctx, site, 'read')) : fill(own, ctx, site, 'read');
    r.atomic = true;
    r.observed = cell.last !== null ? ctx : null;
  }
  const w = cell.exWrite === null ? (cell.exWrite = record(ctx, site, update ? 'update' : 'write')) : fill(cell.exWrite, ctx, site, update ? 'update' : 'write');
  w.window = window;
  w.atomic = guarded;
  // Refilled in place: an earlier write's tests may stay with it only while it has no window, when
  // nothing asks for them.
  if (window !== null) noteExitTests(w, ctx);
  cell.last = w;
}

let accessSeq = 0;
/** How many accesses have been recorded (the last one's Access.seq). */
export function accessCount(): number {
  return accessSeq;
}

/** An order number for the held accesses of a stretch (EpochInfo.seq), whenever they are recorded. */
export function reserveSeq(): number {
  return ++accessSeq;
}

function captureStack(): Error {
  // The stack is formatted (and source-mapped) only if a report is printed.
  return captureError('racedetect access');
}

/**
 * While > 0, every read is a poll's (SPEC §1): a test runner's `expect.poll` or `waitFor` callback runs,
 * which the runner calls again until what it reads changes (vitest-setup.ts).
 */
let pollDepth = 0;
export function setPolling(delta: number): void {
  pollDepth = pollDepth + delta > 0 ? pollDepth + delta : 0;
}

/**
 * A read: 'iterate' for a step of iterating a collection's structure, 'poll' for a read in the test of
 * a loop that awaits (a poll even the first time, when the value is already there).
 */
export function onRead(cell: Cell, site: number, mode: 'read' | 'iterate' | 'poll'): void {
  const ctx = current;
  if (!recordRead(cell, site, mode, ctx)) return;
  const caller = callerOfPrefix(ctx);
  if (caller !== null) readForCaller(cell, site, ctx, caller);
}

/**
 * An iteration of a Map or Set (for-of, spread, `entries`, `values`, `keys`, `forEach`) reads every
 * key, present or not, at once: recorded on the collection's location of every key (Shadow.bulk) as
 * the start of this flow's window on each of them, and never judged itself (the structure's read
 * stands for that). A sweeper that lists expired sessions, awaits, and deletes them removes a
 * session another flow refreshed in between: iterationWindow finds the read when the delete comes.
 */
export function onIterate(bulk: Cell, site: number): void {
  const ctx = current;
  if (bulk.era !== era.id) forgetHistory(bulk);
  const reads = bulk.reads;
  const i = reads.find(ctx);
  if (i >= 0 && reads.record(i).seg === ctx.segment) return;
  if (!ctx.prepareAccess()) return;
  if (!bulk.shared) share(bulk);
  changed(bulk);
  const r = takeRead(bulk, ctx, site, 'read');
  r.polling = true;
  r.timed = false;
  pushRead(bulk, r);
}

/**
 * The window a write of one key of a Map or Set with no read of that key of its own writes back: the
 * flow's iteration of the collection before its last await (onIterate), unless it wrote the key
 * since. Null for any other location. Only a key in the collection now (`presentKey`: a set over an
 * entry, a delete of one) can have been iterated: adding a key the iteration did not meet reads
 * nothing of it (a flow that lists a cache's keys, awaits, and then adds a new one).
 */
function iterationWindow(cell: Cell, ctx: AsyncContext): Access | null {
  const owner = cell.owner;
  if (owner === null || cell === owner.structure) return null;
  // A Map's or Set's iteration is on its `bulk` location; an array's on its elements' (Wide.elements).
  const bulk = owner.keyed ? owner.bulk : owner.type === ObjectType.Array ? owner.elementsRead : null;
  if (!(bulk instanceof Cell) || bulk === cell || bulk.era !== era.id) return null;
  const i = bulk.reads.find(ctx);
  if (i < 0) return null;
  const r = bulk.reads.record(i);
  return r.seg === ctx.segment || wroteSince(cell, r) ? null : r;
}

/** The reader of `r` wrote `cell` after that read (its window on the location closed there). */
function wroteSince(cell: Cell, r: Access): boolean {
  const w = cell.writes.find(r.ctx);
  return w >= 0 && cell.writes.record(w).seq > r.seq;
}

/** The flow that called `ctx`, while `ctx` runs the synchronous prefix of an async function; else null. */
function callerOfPrefix(ctx: AsyncContext): AsyncContext | null {
  if (ctx.kind !== 'async' || ctx.segment !== 0) return null;
  const t = ctx.returnTo;
  return t !== null && t.state === 'running' ? t : null;
}

/**
 * The flow an async flow `ctx` writes for, for the caller-window rules; else null: its caller while
 * `ctx` runs its synchronous prefix, or else the flow suspended at an await of `ctx`'s own promise
 * (what `ctx` writes is written before that flow goes on).
 */
function callerOf(ctx: AsyncContext): AsyncContext | null {
  if (ctx.kind !== 'async') return null;
  if (ctx.segment === 0) return callerOfPrefix(ctx);
  const t = ctx.awaitedBy;
  return t !== null && t.state === 'suspended' && t.awaitsFlow === ctx ? t : null;
}

/**
 * A read in the synchronous prefix of an async function runs in the stretch of the flow that called
 * it (SPEC §1: a segment includes the prefixes of the async functions it calls), and that flow may
 * write the location back after an await: `const n = await store.get(k); await check(); data.set(k,
 * n + 1)`, the repository pattern, where the read is the helper's and the write the caller's. The read
 * is recorded for the caller too, as the start of its window only: a poll's record, which no write
 * reports as a timing-dependent or strict pair (the helper's own read stands for those). A helper
 * that reads after an await of its own is found by the write instead (see deliveredRead).
 */
function readForCaller(cell: Cell, site: number, ctx: AsyncContext, caller: AsyncContext): void {
  // Each caller whose stretch this is, through nested prefixes (a handler's prefix calling a
  // service's, calling a repository's): any of them may write the location back later.
  let t: AsyncContext | null = caller;
  const knows = withTime(ctx.vc, ctx.slot, ctx.time);
  for (let n = 0; t !== null && n < MAX_CALLERS; n++) {
    if ((t.kind !== 'async' && t.kind !== 'main') || !t.prepareSlot()) return;
    if (!cell.shared) share(cell);
    const r = takeRead(cell, t, site, 'read');
    // What the reader knows, not only the caller: the callees that ran before it in this stretch (a
    // sibling's write, made before the caller resumed and learned it) come before this read too.
    r.vc = knows;
    r.polling = true;
    r.timed = false;
    pushRead(cell, r);
    t = callerOfPrefix(t);
  }
}

/** How many callers up a chain a read is recorded for or looked up for (each takes a record of the history). */
const MAX_CALLERS = 3;

/**
 * The read a write with no read of its own writes back (see onWrite), or null: for the writing flow
 * and then each flow up the chain it writes for (callerOf), the flow's own read of the location
 * before its last await (none when it read it in this same stretch: the write is atomic with it), or
 * a read that helpers it waited for made and handed over (deliveredRead).
 */
function inheritedWindow(cell: Cell, ctx: AsyncContext): Access | null {
  const cont = ctx.cont;
  if (cont !== null && (ctx.kind === 'callback' || ctx.kind === 'reaction')) return registrantWindow(cell, cont);
  let t: AsyncContext | null = ctx;
  for (let n = 0; t !== null && n <= MAX_CALLERS; n++) {
    if (t.kind !== 'async' && t.kind !== 'main') return null;
    if (t !== ctx) {
      const i = cell.reads.find(t);
      if (i >= 0) {
        const r = cell.reads.record(i);
        return r.seg !== t.segment ? r : null;
      }
    }
    const d = deliveredRead(cell, t);
    if (d !== null) return d;
    t = callerOf(t);
  }
  return null;
}

/** The flow a returned async flow handed its reads to (see AsyncContext.awaitedBy), or null. */
function deliveredTo(ctx: AsyncContext): AsyncContext | null {
  return ctx.state === 'finished' ? ctx.awaitedBy : null;
}

/**
 * The window a one-shot callback or promise reaction writes back with no read of its own: a read of
 * the location by the flow that scheduled it, made before it did so and not followed by a write of
 * its own (`const c = counter; fs.readFile(f, () => { counter = c + 1 })`, or one more level up:
 * the read in a file's callback, the write in the callback of the write it started). SPEC §1: a
 * context is "a callback and what it continues".
 */
function registrantWindow(cell: Cell, c: Continuation): Access | null {
  const r = continuedRead(cell, c.registrant, c.registeredAt);
  if (r !== undefined) return r;
  const r2 = continuedRead(cell, c.registrant2, c.registeredAt2);
  if (r2 !== undefined) return r2;
  return deliveredBefore(cell, c.registrant, c.registeredAt);
}

/**
 * A read handed to the flow numbered `id` (deliveredRead) before `at` accesses had been recorded,
 * as that flow's own, unless it wrote the location since: the read a `then` helper made for a flow
 * that then scheduled the write-back (`const v = await repo.get(k); repo.put(k, v - 1)`, put's write
 * in a `then` callback of its own).
 */
function deliveredBefore(cell: Cell, id: number, at: number): Access | null {
  if (id === 0) return null;
  const reads = cell.reads;
  for (let i = reads.length - 1; i >= 0; i--) {
    const r = reads.record(i);
    if (r.kind !== 'read' || r.seq > at || r.ctx.id === id) continue;
    let g = deliveredTo(r.ctx);
    for (let n = 0; g !== null && g.id !== id && n < MAX_CALLERS; n++) g = deliveredTo(g);
    if (g === null || g.id !== id) continue;
    const own = copy(r);
    own.ctx = g;
    return wroteSince(cell, own) ? null : own;
  }
  return null;
}

/**
 * The read of the location by the flow numbered `id` (AsyncContext.id) made before `at` accesses had
 * been recorded; null when that flow wrote the location after it (its window closed there); undefined
 * when it has no such read in the history.
 */
function continuedRead(cell: Cell, id: number, at: number): Access | null | undefined {
  if (id === 0) return undefined;
  const reads = cell.reads;
  for (let i = 0; i < reads.length; i++) {
    const r = reads.record(i);
    if (r.ctx.id !== id) continue;
    // Read again after it scheduled the continuation: the record of the read before is gone.
    if (r.kind !== 'read' || r.seq > at) return undefined;
    return wroteSince(cell, r) ? null : r;
  }
  return undefined;
}

/**
 * The newest read of the location by an async helper whose result `t` waited for, directly or
 * through helpers of helpers (AsyncContext.awaitedBy of a flow that returned), as `t`'s own read: `const row = await
 * repo.find(id)`, where find awaits before it reads, hands the row over as surely as one that reads
 * first. The record is a copy naming `t` as the reader (the report's "read ... and wrote it back"),
 * with the helper's clock and time, which the race checks compare.
 */
function deliveredRead(cell: Cell, t: AsyncContext): Access | null {
  const reads = cell.reads;
  let found: Access | null = null;
  for (let i = 0; i < reads.length; i++) {
    const r = reads.record(i);
    if (r.kind !== 'read' || r.ctx === t || (found !== null && found.seq > r.seq)) continue;
    let g = deliveredTo(r.ctx);
    for (let n = 0; g !== null && g !== t && n < MAX_CALLERS; n++) g = deliveredTo(g);
    if (g === t) found = r;
  }
  if (found === null) return null;
  const r = copy(found);
  r.ctx = t;
  return r;
}

/** Records a read by `ctx`; false when it added nothing (a repeat, or a flow that records nothing). */
function recordRead(cell: Cell, site: number, mode: 'read' | 'iterate' | 'poll', ctx: AsyncContext): boolean {
  if (pollDepth > 0 && mode === 'read') mode = 'poll';
  const kind = mode === 'iterate' ? 'iterate' : 'read';
  // Same flow, same segment, same era as the location's last access: nothing new (checked first, as
  // it is by far the most common case; the flow was prepared when that access was recorded) - unless
  // that access was a write and the flow has not read the location in this stretch: then this read
  // starts the flow's next read-await-write window, and is recorded.
  // Past this check, a read in the same stretch is a read of the flow's own write: it starts a window,
  // but its value depends on nobody's timing, so it is atomic (tied to the flow's own write in its
  // segment) and never timing-dependent.
  const ownValue = kind === 'read' && sameStretch(cell, ctx);
  if (ownValue && (!cell.fastWrite || cell.fastRead)) return false;
  changed(cell);
  // Another flow's value written earlier in this same run from the event loop (an async callee's
  // synchronous prefix reads what its caller just set) is the value whatever the timing: no other
  // flow runs in between, so the read is no timing-dependent one. Only a plain write fixes it: an
  // update (`push`, `n++`) makes a value from the one before, which timing may have chosen.
  const fixed = ctx.timed && kind === 'read' && !ownValue && cell.last !== null && cell.last.kind === 'write' && writtenInOpenSegment(cell.last);
  // Under sampling no read is judged as timing-dependent, now or by a later write: whether a read
  // after a sleep is a poll's later check depends on the checks before it, which may have run while
  // the detector was off (a status poll checking every few milliseconds, its first checks outside
  // the window, its last one inside, seeing the writer's value).
  const untimed = fixed || era.sampling;
  if (!ctx.prepareAccess()) return false;
  if (cell.era !== era.id) forgetHistory(cell);
  const intervalPoll = rereadByInterval(ctx, site, kind) || (era.sampling && kind === 'read' && ctx.timed && readInEarlierWindow(cell, site) && inTimedCallback(ctx));
  cell.fastCtx = ctx;
  cell.fastSeg = ctx.segment;
  cell.fastTime = ctx.time;
  cell.fastWrite = false;
  // Every path below records this read.
  cell.fastRead = true;
  if (!cell.shared) {
    if (cell.exCtx === null || cell.exCtx === ctx) {
      cell.exCtx = ctx;
      exclusiveRead(cell, ctx, site, kind);
      if (untimed && cell.exRead !== null) cell.exRead.timed = false;
      if ((mode === 'poll' || intervalPoll) && cell.exRead !== null) cell.exRead.polling = true;
      if (ownValue && cell.exRead !== null) cell.exRead.atomic = true;
      return true;
    }
    share(cell);
  }
  const last = cell.last;
  let polling = mode === 'poll' || intervalPoll;
  const reads = cell.reads;
  const ownAt = reads.find(ctx);
  if (kind === 'read') {
    const source = ctx.source;
    if (source === ctx) {
      // A flow of its own (not a repeating source): only its own earlier read can make this a poll.
      if (!polling && ownAt >= 0) {
        const r = reads.record(ownAt);
        polling = r.site === site && r.seg !== ctx.segment;
      }
    } else {
      for (let i = 0; i < reads.length; i++) {
        // Only this flow, or one of the same repeating source, can have read here before.
        const who = reads.context(i) as AsyncContext;
        if (who !== ctx && who.source !== source) continue;
        const r = reads.record(i);
        if (r.site === site && r.source === source && (r.ctx !== ctx || r.seg !== ctx.segment)) {
          polling = true;
          // The source's earlier reads at this site were the poll's first: a later write must not
          // report them as one-off timed reads (an interval that checks a status until it changes).
          if (r.ctx !== ctx && !r.polling) {
            r.polling = true;
            reads.clearReportable(i);
          }
        }
      }
    }
    if (!polling && ctx.timed && inTimedCallback(ctx)) polling = rereadByTimer(reads, ctx, site);
    if (polling && last !== null && last.ctx !== ctx && !happensBefore(last, ctx)) ctx.acquire(last);
  }
  const a = takeRead(cell, ctx, site, kind, ownAt);
  a.polling = polling;
  a.observed = last !== null ? last.ctx : null;
  a.atomic = ownValue;
  // A guard read (the test of a conditional update, loader/guards.ts) is never a timing-dependent one.
  if (untimed) a.timed = false;
  const timing = ctx.timed && !isGuardSite(site) && !untimed;
  if (!polling && !ownValue && (timing || config.strict)) {
    const now = stampNow(ctx);
    const why: RaceKind = timing ? 'timing' : 'strict';
    if (last !== null && last.ctx !== ctx && !happensBefore(last, now) && !queueOrders(last, ctx)) {
      addCandidate(why, a, cell, last, timing && last.ctx.state !== 'finished' ? last.ctx : null);
    }
    const writes = cell.writes;
    for (let i = 0; i < writes.length; i++) {
      const w = writes.record(i);
      if (w === last || w.ctx === ctx || (last !== null && w.ctx === last.ctx)) continue;
      if (!happensBefore(w, now) && !queueOrders(w, ctx)) addCandidate(why, a, cell, w, null);
    }
  }
  pushRead(cell, a);
  return true;
}

/**
 * Rule 8's queue order places access `a` before the running flow through a drain (AsyncContext.queued):
 * it ran in the ticks and reactions Node always finishes before the next callback of the queue that
 * reached this flow. Asked by the timing-dependent and strict checks only, never by lost updates.
 */
function queueOrders(a: Access, ctx: AsyncContext): boolean {
  const q = ctx.queued;
  return q !== EMPTY && a.slot >= 0 && timeIn(q, a.slot) >= a.time;
}

/** A setInterval timer: `_repeat` is the period Node keeps on one (null on a setTimeout one). */
export function isIntervalTimer(o: unknown): boolean {
  return typeof o === 'object' && o !== null && typeof (o as { _repeat?: unknown })._repeat === 'number';
}

/**
 * The sites each setInterval timer's ticks have read (weakly: they go with the timer). A tick that
 * reads at a site an earlier tick of its interval read there is polling (SPEC §1: re-reading at one
 * site on successive ticks of one timer), even when the earlier read is in no history any more (a
 * sampling window closed in between). The first read at a site is a poll only once the interval
 * reads there again (onRead marks it then); a read an interval makes once stays a timed read.
 */
const intervalSites = new SafeWeakMap<object, Set<number>>();

function rereadByInterval(ctx: AsyncContext, site: number, kind: AccessKind): boolean {
  if (kind !== 'read' || !ctx.timed || ctx.source === ctx) return false;
  const source = ctx.source;
  if (!isIntervalTimer(source)) return false;
  let sites = intervalSites.get(source);
  if (sites === undefined) intervalSites.set(source, (sites = new SafeSet()));
  if (sites.has(site)) return true;
  sites.add(site);
  return false;
}

/**
 * The running code was called by a timer's or an immediate's callback, or is the code of a promise
 * reaction a timer reached (a `then` after a sleep, or code that is not instrumented resuming after
 * `await delay()` and calling a function that reads): not an instrumented flow resuming, whose own
 * earlier reads onRead knows, nor an async function such a reaction started (a lock's critical
 * section, whose read begins a read-await-write window that no poll may excuse).
 */
function inTimedCallback(ctx: AsyncContext): boolean {
  const cb = callbackContext();
  return cb.timed && (cb.kind === 'callback' || (cb.kind === 'reaction' && cb === ctx));
}

/**
 * A timer's callback re-reads at a site where a read ordered before it read the location: the poll of
 * a flow that checks, and arms a timer to check again until the value changes. Vitest 3's
 * `expect.poll` checks once at once and then re-arms `setTimeout(check)` from a reaction, after an
 * await; Vitest 4's loops in one async function of its own (`await fn(); await delay()`), each check
 * in the reaction that resumes it; `vi.waitFor` checks once before its interval's first tick; a
 * setTimeout re-arms itself. Each check runs in a context of its own, so neither a flow's own earlier
 * read nor an interval's earlier tick makes it a poll, and the first timed check, which may already
 * see the change, had no earlier tick at all.
 * The detector does not see which flow armed a timer: a read at the site ordered before this one
 * stands for the check that armed it. So `check(); setTimeout(check, 30)` is a poll too, as
 * `check(); await sleep(30); check()` in one flow already is. As for an interval, earlier timed reads
 * at the site were the poll's first, and a later write must not report them as one-off timed reads.
 * An instrumented flow resuming after `await sleep()` is not covered: a flow that sleeps and then
 * reads what another flow read there is the "long enough" sleep of SPEC §1, unless it re-reads its own
 * earlier read (onRead). The poll that sees the new value acquires the writer (onRead), so what the
 * writer wrote later is still a race to read.
 */
function rereadByTimer(reads: History, ctx: AsyncContext, site: number): boolean {
  let polling = false;
  for (let i = 0; i < reads.length; i++) {
    const r = reads.record(i);
    if (r.site !== site || r.ctx === ctx || !happensBefore(r, ctx)) continue;
    polling = true;
    if (r.timed && !r.polling) {
      r.polling = true;
      reads.clearReportable(i);
    }
  }
  return polling;
}

/**
 * A read record for `ctx`, filled, with whatever the new one displaces taken out of the reads: the
 * flow's own earlier read, or, once the history is full, the oldest (which stays in place until
 * pushRead puts the new record there). A displaced record nothing else refers to is refilled, so a
 * location many flows read allocates nothing once its history is full, and its records stay where
 * they are in memory.
 */
function takeRead(cell: Cell, ctx: AsyncContext, site: number, kind: AccessKind, ownAt = cell.reads.find(ctx)): Access {
  const reads = cell.reads;
  let out: Access | null = null;
  if (ownAt >= 0) {
    out = reads.record(ownAt);
    reads.remove(ownAt);
  }
  const oldest = reads.oldestIfFull();
  if (oldest !== null && (out === null || out.kept)) out = oldest;
  return out !== null && !out.kept ? fill(out, ctx, site, kind) : record(ctx, site, kind);
}

function pushRead(cell: Cell, a: Access): void {
  cell.reads.add(a, a.ctx, a.timed && !a.polling && !isGuardSite(a.site));
}

/** Keeps at most history_size writes, one per context: the newest of each. */
function pushWrite(cell: Cell, a: Access): void {
  const writes = cell.writes;
  const i = writes.find(a.ctx);
  if (i >= 0) writes.remove(i);
  writes.add(a, a.ctx, a.window !== null);
}

function addCandidate(kind: RaceKind, reader: Access, cell: Cell, previous: Access, waitWriter: AsyncContext | null): void {
  reader.kept = true;
  pending[pending.length] = { kind, reader, cell, previous, waitWriter, stack: captureStack(), found: currentGeneration() };
}

/**
 * The writes that ended a read-await-write window after exit tests in their stretch, with the
 * locations tested (exitExcludes). Few writes have any, so they live here rather than in every record.
 */
const exitTestsOf = new SafeWeakMap<Access, readonly Cell[]>();

/** Records what the running stretch has tested before write `a`, which ends a window of `ctx`'s. */
function noteExitTests(a: Access, ctx: AsyncContext): void {
  const tested = testedLocations(ctx);
  if (tested !== null) exitTestsOf.set(a, tested);
  else exitTestsOf.delete(a);
}

/**
 * T read a location, awaited, tested a flag on resuming (`if (closed) return`) and wrote the location
 * back (`tWrite`); now U writes it, unordered with T's write, in a stretch where U has already set
 * such a flag (`closed = true; items.clear()`). Had U's stretch fallen inside T's window, T's test
 * would have read U's flag after it, and T would not have gone on to its write as it did: the flag
 * excludes the lost update (chokidar's `if (this.closed) return; dir.add(item)` against close()).
 * U's stretch came after T's test in this run (T's write is earlier), so the test saw an older value.
 * A flag U writes after its own write here is not seen yet, and the report stays.
 */
function exitExcludes(tWrite: Access, uCtx: AsyncContext): boolean {
  const tested = exitTestsOf.get(tWrite);
  if (tested === undefined) return false;
  for (let i = 0; i < tested.length; i++) {
    const w = tested[i].last;
    if (w !== null && w.ctx === uCtx && w.seg === uCtx.segment) return true;
  }
  return false;
}

/** A write; `update` is a read and a write in one synchronous step (n++, push, compound assignment). */
export function onWrite(cell: Cell, site: number, update: boolean, presentKey = false): void {
  const ctx = current;
  // Written by this flow in this stretch already; an update's read half also needs a read there.
  const stretch = sameStretch(cell, ctx);
  if (cell.fastWrite && stretch && (!update || cell.fastRead)) return;
  changed(cell);
  if (!ctx.prepareAccess()) return;
  if (cell.era !== era.id) forgetHistory(cell);
  // An update records its read half; a plain write leaves the stretch's read, if any, where it was.
  cell.fastRead = update || (stretch && cell.fastRead);
  cell.fastCtx = ctx;
  cell.fastSeg = ctx.segment;
  cell.fastTime = ctx.time;
  cell.fastWrite = true;
  if (!cell.shared) {
    if (cell.exCtx === null || cell.exCtx === ctx) {
      cell.exCtx = ctx;
      exclusiveWrite(cell, ctx, site, update);
      return;
    }
    share(cell);
  }
  if (pending.length > 0) settleCandidates(ctx, cell);
  const ownAt = cell.reads.find(ctx);
  let own: Access | null = ownAt >= 0 ? cell.reads.record(ownAt) : null;
  const sameSegment = own !== null && own.seg === ctx.segment;
  if (sameSegment) own!.atomic = true;
  // A write after the flow's own guard read in this segment: a test-and-set (see flagExcludes).
  const guardedNow = sameSegment && isGuardSite(own!.site);
  if (update) {
    // The read half of an atomic update: it starts no window of its own.
    const r = takeRead(cell, ctx, site, 'read', ownAt);
    r.atomic = true;
    r.observed = cell.last !== null ? cell.last.ctx : null;
    pushRead(cell, r);
    own = null;
  }
  const a = record(ctx, site, update ? 'update' : 'write');
  const now: Stamp = a;
  let window = !update && own !== null && own.seg !== ctx.segment ? own : null;
  // A write with no read of its own in this flow: it may write back what helpers this flow waited for
  // read, or, in an async helper's synchronous prefix or while its caller waits for it, what that
  // caller read before its last await (`n = await store.get(k); await check(); await store.set(k,
  // n + 1)`).
  if (own === null && !update) {
    window = (presentKey ? iterationWindow(cell, ctx) : null) ?? inheritedWindow(cell, ctx);
    // The await between the read and the write is the flow's own, or the caller's; none between a
    // read and a callback scheduled after it.
    if (window !== null && window.ctx !== ctx) a.via = ctx.kind === 'async' || ctx.kind === 'main' ? window.ctx.awaitSite : -1;
  }
  if (window !== null) window.kept = true;
  a.window = window;
  a.atomic = guardedNow;
  if (window !== null) noteExitTests(a, ctx);

  const writes = cell.writes;
  // Outside strict mode, only this write's window or an earlier write's window can make a report.
  const allWrites = window !== null || config.strict;
  // What orders a lost update: rules 1-7 alone (a callback's queue order stays out, see AsyncContext.ordered).
  const ordered = ctx.orderedStamp(now);
  for (let i = 0; i < writes.length; i++) {
    if (writes.context(i) === ctx || (!allWrites && !writes.reportable(i))) continue;
    const w = writes.record(i);
    // T (this context) read, yielded and now writes back: did U's write fall, or could it fall, in between?
    if (window !== null && !happensBefore(w, window) && !(happensBefore(window, w) && happensBefore(w, ordered))) {
      if (!flagExcludes(window, a, w)) {
        raceFound('lost-update', cell, a, w, window, captureStack());
        continue;
      }
    }
    // U (this context) writes after T completed a read-await-write window it is not ordered after.
    if (w.window !== null && !happensBefore(w, ordered)) {
      if (!flagExcludes(w.window, w, a) && !exitExcludes(w, ctx)) {
        raceFound('lost-update', cell, a, w, w.window, captureStack());
        continue;
      }
    }
    if (config.strict && !happensBefore(w, now) && !(update && w.kind === 'update')) {
      raceFound('strict', cell, a, w, null, captureStack());
    }
  }
  const reads = cell.reads;
  for (let i = 0; i < reads.length; i++) {
    if (reads.context(i) === ctx || (!config.strict && !reads.reportable(i))) continue;
    const r = reads.record(i);
    if (r.polling || happensBefore(r, now) || queueOrders(r, ctx)) continue;
    if (r.timed && !r.atomic && r.observed !== ctx && !isGuardSite(r.site)) {
      // Decided by this write: a read made in a test that has ended since is that test's race
      // (raceFound), which fails the file, not the test running now.
      raceFound('timing', cell, a, r, null, captureStack());
    } else if (config.strict && !(update && r.atomic)) {
      raceFound('strict', cell, a, r, null, captureStack());
    }
  }
  cell.last = a;
  pushWrite(cell, a);
}

/**
 * The busy-flag idiom (SPEC §1: a flag tested and set in one segment and cleared later), seen from a
 * lost update's two ends. T's window began with a guard read (the test of a conditional update,
 * loader/guards.ts) that T followed, in the same segment, with a write of its own (`if (busy)
 * return; busy = true`), so until T's write-back the location holds T's in-progress value. U's write
 * is guarded the same way: it follows U's own guard read in the write's segment (a test-and-set), or
 * it ends a window of U's that began the same way as T's. A read that only looks (`log(o.mode);
 * o.mode = x`) or a test of a copy (`const f = o.n; if (f === 0) return; o.n = f - 1`) is no guard.
 * Placed inside T's window, U's read would see T's value, and whether U writes at all depends on that
 * value, which the detector does not follow: such a write is not predicted to fall inside T's window.
 * It is still reported when it did fall there in this run (its order in the run, `seq`, is between
 * T's read and T's write): the flag did not exclude it. Without this, a schedule that delays one
 * caller past another's whole critical section (schedule=random, a slow timer) turns every such
 * guard into a report. The price: a guard that lets the other's write through even when placed inside
 * the window (a slot count tested against a limit, `if (p.free > 0) p.free = p.free - 1; ... await;
 * p.free = saved`) is reported only when that write lands inside the window in the run.
 */
function flagExcludes(tWindow: Access, tWrite: Access, uWrite: Access): boolean {
  if (!tWindow.atomic || !isGuardSite(tWindow.site)) return false;
  const guarded = uWrite.atomic || (uWrite.window !== null && uWrite.window.atomic && isGuardSite(uWrite.window.site));
  if (!guarded) return false;
  return !(uWrite.seq > tWindow.seq && uWrite.seq < tWrite.seq);
}

/** A write by `ctx` to `cell` drops the candidates it answers: its own atomic update, or a writer clearing its in-progress value. */
function settleCandidates(ctx: AsyncContext, cell: Cell): void {
  if (pending.length === 0) return;
  const keep: Candidate[] = [];
  for (let i = 0; i < pending.length; i++) {
    const c = pending[i];
    if (c.cell !== cell || !((c.reader.ctx === ctx && c.reader.seg === ctx.segment) || c.waitWriter === ctx)) keep[keep.length] = c;
  }
  pending = keep;
}

/** Reports candidates whose segment has ended and whose writer (if any) has finished; `all` at exit. */
export function flushCandidates(all: boolean): void {
  if (pending.length === 0) return;
  const keep: Candidate[] = [];
  for (let i = 0; i < pending.length; i++) {
    const c = pending[i];
    const r = c.reader.ctx;
    const segmentOpen = r.state === 'running' && r.segment === c.reader.seg && r === current;
    const writerOpen = c.waitWriter !== null && c.waitWriter.state !== 'finished';
    if (!all && (segmentOpen || writerOpen)) keep[keep.length] = c;
    else raceFound(c.kind, c.cell, c.reader, c.previous, null, c.stack, c.found);
  }
  pending = keep;
}
