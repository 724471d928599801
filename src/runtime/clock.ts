// Vector clocks.
//
// A clock is immutable, so contexts, promises and access records share one by reference: a fork or a
// snapshot costs a pointer, and only a join that actually learns something allocates.
//
// Wide clocks are the cost to avoid. A server or a `Promise.all` over 2000 calls has thousands of
// concurrent flows, and a flat clock makes every fork and join copy or compare all of them, on every
// async hop. But nearly all clocks in such a program descend from one recent common clock (the
// segment that started the fan-out) and differ from it in a few slots. So a clock is a shared, flat
// `base` plus a short sorted `delta` of the slots where it knows more: forks and joins of clocks with
// the same base touch only deltas. A base records which older bases it dominates (`covers`), so a
// clock whose base is newer absorbs one with an older base without comparing the bases. When a delta
// grows past its base's `foldAt` it is folded into a new base.
//
// Where to fold: a delta is copied whenever its clock changes (one slot raised copies them all), and a
// fold costs one merge with the base and leaves every clock derived afterwards a short delta. With a
// base of b slots and deltas growing by one entry per change, folding at L entries costs about
// b / L + L / 2 per change, least near L = sqrt(2b), kept between 16 and 48 pairs. A fixed 48 left
// programs with 20-45 live flows (a Promise.all over 20 calls in a loop) with every clock a 45-pair
// delta on the empty base, never folded: every change copied it, and every access record kept a copy.
//
// Slots are handed out lazily (a context gets one on its first tracked access), so contexts that never
// touch shared state never widen anybody's clock. A context's own component is kept beside its clock
// (slot, time) rather than inside it, so that advancing its own time does not copy the clock.

import { contains, sliceList, sortList } from './primordials.js';

/** A flat, sorted [slot0, time0, slot1, time1, ...] array shared by many clocks. */
export class Base {
  private static nextId = 1;
  readonly id = Base.nextId++;
  /** Length of the entry array (2 per pair) past which a delta on this base is folded into a new base. */
  readonly foldAt: number;
  /**
   * The entries' times indexed by slot (from `tableFrom`), made on the first lookup in a wide base
   * (null: not made yet, or the slots are too spread out for one). A join asks the base about the
   * slots of a delta the other clock's delta lacks: in the HTTP server benchmark two binary searches
   * per comparison over ~110-slot bases, about half the steps of the clocks' busiest function. The
   * slots of a base mostly lie close together (numbered from 0 and reused when free, every sampling
   * era above the last); a table more than twice as long as the entries is not made.
   */
  private table: number[] | null = null;
  private tableFrom = 0;
  private tableTried = false;

  /** `covers`: ids of bases this one dominates (newest first, at most COVER_LIMIT). */
  constructor(
    readonly entries: readonly number[],
    readonly covers: readonly number[],
  ) {
    this.foldAt = 2 * Math.min(MAX_DELTA, Math.max(MIN_DELTA, Math.round(Math.sqrt(entries.length))));
  }

  /** The time the base knows for `slot` (0 when it knows nothing): lookup(entries, slot), faster. */
  timeOf(slot: number): number {
    const e = this.entries;
    if (e.length <= LINEAR_LOOKUP) return lookup(e, slot);
    if (!this.tableTried) this.makeTable();
    const t = this.table;
    if (t === null) return lookup(e, slot);
    const k = slot - this.tableFrom;
    return k >= 0 && k < t.length ? t[k] : 0;
  }

  private makeTable(): void {
    this.tableTried = true;
    const e = this.entries;
    const from = e[0];
    const size = e[e.length - 2] - from + 1;
    if (size > e.length) return;
    // Filled by index, not with Array.prototype.fill, which the program may have replaced.
    const t = new Array<number>(size);
    for (let k = 0; k < size; k++) t[k] = 0;
    for (let i = 0; i < e.length; i += 2) t[e[i] - from] = e[i + 1];
    this.table = t;
    this.tableFrom = from;
  }
}

export interface Clock {
  readonly base: Base;
  /** Sorted [slot, time, ...] entries that know more than `base`; at most `base.foldAt` numbers. */
  readonly delta: readonly number[];
}

const MIN_DELTA = 16;
const MAX_DELTA = 48;
const COVER_LIMIT = 24;

const EMPTY_BASE = new Base([], []);
export const EMPTY: Clock = Object.freeze({ base: EMPTY_BASE, delta: Object.freeze([]) as readonly number[] });

/** What a context or an access knows at one instant: a clock plus its own component. */
export interface Stamp {
  readonly vc: Clock;
  readonly slot: number; // -1 when the owner has no slot yet
  readonly time: number;
}

/** Entry arrays up to this length are searched from the start; longer ones by halves (or by table). */
const LINEAR_LOOKUP = 32;

function lookup(e: readonly number[], slot: number): number {
  const n = e.length;
  if (n <= LINEAR_LOOKUP) {
    for (let i = 0; i < n; i += 2) {
      const s = e[i];
      if (s === slot) return e[i + 1];
      if (s > slot) return 0;
    }
    return 0;
  }
  let lo = 0;
  let hi = n / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = e[mid * 2];
    if (s === slot) return e[mid * 2 + 1];
    if (s < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** The time `vc` knows for `slot` (0 when it knows nothing). */
export function timeIn(vc: Clock, slot: number): number {
  const d = vc.delta.length === 0 ? 0 : lookup(vc.delta, slot);
  const b = vc.base.timeOf(slot);
  return d > b ? d : b;
}

/** Number of slots the clock knows (for statistics). */
export function width(vc: Clock): number {
  if (vc.delta.length === 0) return vc.base.entries.length / 2;
  return merge(vc.base.entries, vc.delta).length / 2;
}

/** Every (slot, time) the clock knows, as one sorted flat array. */
export function entries(vc: Clock): readonly number[] {
  return vc.delta.length === 0 ? vc.base.entries : merge(vc.base.entries, vc.delta);
}

/** A clock from sorted [slot, time, ...] entries (tests and annotations). */
export function clockOf(e: readonly number[]): Clock {
  return e.length === 0 ? EMPTY : e.length <= EMPTY_BASE.foldAt ? { base: EMPTY_BASE, delta: e } : { base: new Base(e, []), delta: EMPTY.delta };
}

/** The time a stamp knows for `slot`, its own component included. */
export function timeOf(st: Stamp, slot: number): number {
  return slot === st.slot ? st.time : timeIn(st.vc, slot);
}

/** True when the access stamped `a` happens before the instant stamped `b`. */
export function happensBefore(a: Stamp, b: Stamp): boolean {
  if (a.slot < 0) return true; // an owner with no slot made no tracked access before this stamp
  return timeOf(b, a.slot) >= a.time;
}

function isEmpty(vc: Clock): boolean {
  return vc.delta.length === 0 && vc.base.entries.length === 0;
}

/** `a` dominates `b` without looking at their entries: the same base, or `b` is one `a` covers. */
function covers(a: Base, b: Base): boolean {
  return a === b || b.entries.length === 0 || contains(a.covers, b.id);
}

/**
 * The ids a new base made from `first` and `others` covers, newest first. A base's own id is newer than
 * every id it covers, so each base gives a descending list, and the lists are merged without sorting.
 */
function coverList(first: Base, others: readonly Base[] = NO_BASES): number[] {
  let ids = coverIds(first);
  for (const o of others) if (o !== first && o.entries.length > 0) ids = mergeDescending(ids, coverIds(o));
  return ids;
}

const NO_BASES: readonly Base[] = [];

/** `b.id` then `b.covers`, at most COVER_LIMIT of them. */
function coverIds(b: Base): number[] {
  const n = Math.min(COVER_LIMIT, b.covers.length + 1);
  const out = new Array<number>(n);
  out[0] = b.id;
  for (let i = 1; i < n; i++) out[i] = b.covers[i - 1];
  return out;
}

/** Two descending id lists as one, without repeats, at most COVER_LIMIT long. */
function mergeDescending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < COVER_LIMIT && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i] : -1;
    const y = j < b.length ? b[j] : -1;
    if (x >= y) {
      out[out.length] = x;
      i++;
      if (x === y) j++;
    } else {
      out[out.length] = y;
      j++;
    }
  }
  return out;
}

/** Pointwise maximum of two sorted entry arrays. */
function merge(a: readonly number[], b: readonly number[]): number[] {
  // Allocated at the most it can need and cut to size: clocks outlive most of the objects around them
  // (every access record keeps the clock it was made under), and an array grown by push keeps up to
  // half again as much room as it uses.
  const out = new Array<number>(a.length + b.length);
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const sa = a[i];
    const sb = b[j];
    if (sa === sb) {
      out[k++] = sa;
      out[k++] = a[i + 1] > b[j + 1] ? a[i + 1] : b[j + 1];
      i += 2;
      j += 2;
    } else if (sa < sb) {
      out[k++] = sa;
      out[k++] = a[i + 1];
      i += 2;
    } else {
      out[k++] = sb;
      out[k++] = b[j + 1];
      j += 2;
    }
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  out.length = k;
  return out;
}

/** True when every entry of `d` is known to `vc`: one walk along both sorted deltas, the base only for misses. */
function knowsAll(vc: Clock, d: readonly number[]): boolean {
  const walked = vc.delta;
  const base = vc.base;
  let i = 0;
  for (let j = 0; j < d.length; j += 2) {
    const slot = d[j];
    while (i < walked.length && walked[i] < slot) i += 2;
    if (i < walked.length && walked[i] === slot && walked[i + 1] >= d[j + 1]) continue;
    if (base.timeOf(slot) < d[j + 1]) return false;
  }
  return true;
}

/** True when `vc` knows all that `other` knows, whatever their bases: one walk along both bases. */
function knowsClock(vc: Clock, other: Clock): boolean {
  return knowsEntries(other.base.entries, vc.base.entries, vc.delta) && knowsAll(vc, other.delta);
}

/**
 * True when the clock made of `walked` and `looked` (its two parts, both sorted) knows every entry of
 * `e`: `walked` is read along with `e` in one pass, `looked` is searched only for what it lacks.
 */
function knowsEntries(e: readonly number[], walked: readonly number[], looked: readonly number[]): boolean {
  let i = 0;
  for (let j = 0; j < e.length; j += 2) {
    const slot = e[j];
    while (i < walked.length && walked[i] < slot) i += 2;
    if (i < walked.length && walked[i] === slot && walked[i + 1] >= e[j + 1]) continue;
    if (looked.length === 0 || lookup(looked, slot) < e[j + 1]) return false;
  }
  return true;
}

/** The clock `base` + `delta`, with the delta's entries that the base already knows dropped. */
function make(base: Base, delta: readonly number[]): Clock {
  let d: number[] | null = null;
  for (let i = 0; i < delta.length; i += 2) {
    if (base.timeOf(delta[i]) >= delta[i + 1]) {
      d ??= sliceList(delta, 0, i);
    } else if (d !== null) {
      d[d.length] = delta[i];
      d[d.length] = delta[i + 1];
    }
  }
  return withDelta(base, d ?? delta);
}

/** `base` with `delta` on top, folded into a new base that covers the old one once the delta is too long. */
function withDelta(base: Base, delta: readonly number[]): Clock {
  if (delta.length > base.foldAt) return { base: new Base(merge(base.entries, delta), coverList(base)), delta: EMPTY.delta };
  return { base, delta };
}

/** Pointwise maximum of two clocks; returns an input unchanged when it already dominates. */
export function join(a: Clock, b: Clock): Clock {
  if (a === b || isEmpty(b)) return a;
  if (isEmpty(a)) return b;
  const aCovers = covers(a.base, b.base);
  const bCovers = covers(b.base, a.base);
  if (aCovers && knowsAll(a, b.delta)) return a;
  if (bCovers && knowsAll(b, a.delta)) return b;
  if (aCovers) return make(a.base, merge(a.delta, b.delta));
  if (bCovers) return make(b.base, merge(a.delta, b.delta));
  // Unrelated bases: the one full comparison. Nearly always one side already knows all the other
  // does (a client and a server whose flows each folded bases of their own, answering each other:
  // 97% of such joins in the HTTP workload), and is the result: no base to make.
  if (knowsClock(a, b)) return a;
  if (knowsClock(b, a)) return b;
  // The merged base covers both, so later joins with either are cheap.
  const base = new Base(merge(a.base.entries, b.base.entries), coverList(a.base, [b.base]));
  return make(base, merge(a.delta, b.delta));
}

/** `vc` with `slot` raised to at least `time`. */
export function withTime(vc: Clock, slot: number, time: number): Clock {
  if (slot < 0 || timeIn(vc, slot) >= time) return vc;
  return withEntry(vc, deltaIndex(vc.delta, slot), slot, time);
}

/** Where `slot` is, or would go, in a sorted delta. */
function deltaIndex(d: readonly number[], slot: number): number {
  let i = 0;
  while (i < d.length && d[i] < slot) i += 2;
  return i;
}

/** `vc` with (slot, time) at entry `i` of its delta (see deltaIndex), folded if it grew too long. */
function withEntry(vc: Clock, i: number, slot: number, time: number): Clock {
  const d = vc.delta;
  // A new slot moves the entries after it along by one pair; a known one is overwritten in place.
  const shift = i < d.length && d[i] === slot ? 0 : 2;
  // Exactly as long as it must be (see merge).
  const out = new Array<number>(d.length + shift);
  for (let j = 0; j < i; j++) out[j] = d[j];
  out[i] = slot;
  out[i + 1] = time;
  for (let j = i + 2 - shift; j < d.length; j++) out[j + shift] = d[j];
  return withDelta(vc.base, out);
}

/**
 * `vc` with the owner's own component `slot`/`time` added: a segment's end clock made whole once
 * another flow learns from it. A flow's clock knows less of its own slot than its own time, so the
 * base is not searched (a long binary search on every segment end of a wide program); were the
 * base to know as much, the delta would repeat it, which changes no answer.
 */
export function withOwnTime(vc: Clock, slot: number, time: number): Clock {
  if (slot < 0) return vc;
  const d = vc.delta;
  const i = deltaIndex(d, slot);
  if (i < d.length && d[i] === slot && d[i + 1] >= time) return vc;
  return withEntry(vc, i, slot, time);
}

/** A stamp's full knowledge as one clock (its own component folded in). */
export function clockOfStamp(st: Stamp): Clock {
  return withTime(st.vc, st.slot, st.time);
}

/** Joins a stamp (clock plus own component) into a clock. */
export function joinStamp(vc: Clock, st: Stamp | undefined | null): Clock {
  if (!st) return vc;
  return withTime(join(vc, st.vc), st.slot, st.time);
}

// Joining many clocks at once (the end of a segment that started 2000 calls, a Promise.all over them):
// pairwise joins would rebuild a growing delta once per input. Instead every input's extra knowledge
// is gathered in a dense scratch array indexed by slot, then sorted once.
//
// Slots below `floor` belong to sampling windows that are over: nothing compares them again (see
// newEra in context.ts), so these joins leave them out and index the scratch array from the floor.
// Slot numbers keep growing from window to window; the array stays as large as one window needs.
let floor = 0;
let scratch = new Float64Array(256);
const touched: number[] = [];
// The lowest and highest index in `touched`: when they lie close, walking the scratch array between
// them lists the touched slots in order faster than sorting them (a segment of thousands of flows).
let touchedMin = Infinity;
let touchedMax = -1;

/** A sampling window opens: slots below `slot` are never compared again. */
export function setSlotFloor(slot: number): void {
  floor = slot;
}

function gatherOne(slot: number, t: number): void {
  const k = slot - floor;
  if (k < 0) return;
  if (k >= scratch.length) {
    const bigger = new Float64Array(Math.max(k + 1, scratch.length * 2));
    bigger.set(scratch);
    scratch = bigger;
  }
  if (scratch[k] === 0) {
    touched[touched.length] = k;
    if (k < touchedMin) touchedMin = k;
    if (k > touchedMax) touchedMax = k;
  }
  if (t > scratch[k]) scratch[k] = t;
}

/** Puts `touched` in ascending order. */
function inSlotOrder(): void {
  const n = touched.length;
  if (n < 2) return;
  if (touchedMax - touchedMin >= 4 * n) {
    sortList(touched, (x, y) => x - y);
    return;
  }
  // A slot gathered with time 0 left its scratch entry 0: it adds nothing, and is dropped here.
  let at = 0;
  for (let k = touchedMin; k <= touchedMax; k++) if (scratch[k] !== 0) touched[at++] = k;
  touched.length = at;
}

function gather(e: readonly number[]): void {
  for (let i = 0; i < e.length; i += 2) gatherOne(e[i], e[i + 1]);
}

/** The join of `first` and every stamp in `stamps` (own components included). */
export function joinStamps(first: Clock, stamps: readonly (Stamp | null | undefined)[]): Clock {
  const list: Stamp[] = [];
  for (let i = 0; i < stamps.length; i++) {
    const st = stamps[i];
    if (st) list[list.length] = st;
  }
  if (list.length <= 4) {
    let vc = first;
    for (let i = 0; i < list.length; i++) vc = joinStamp(vc, list[i]);
    return vc;
  }
  // The newest base among the inputs is the result's base; inputs it does not cover are gathered whole.
  let base = first.base;
  for (let i = 0; i < list.length; i++) if (list[i].vc.base.id > base.id) base = list[i].vc.base;
  const uncovered: Base[] = [];
  const consider = (b: Base): void => {
    if (!covers(base, b) && !contains(uncovered, b)) {
      uncovered[uncovered.length] = b;
      gather(b.entries);
    }
  };
  try {
    consider(first.base);
    gather(first.delta);
    for (let i = 0; i < list.length; i++) {
      const st = list[i];
      consider(st.vc.base);
      gather(st.vc.delta);
      if (st.slot >= 0) gatherOne(st.slot, st.time);
    }
    inSlotOrder();
    const delta: number[] = [];
    for (let i = 0; i < touched.length; i++) {
      const k = touched[i];
      const t = scratch[k];
      if (t > base.timeOf(k + floor)) {
        delta[delta.length] = k + floor;
        delta[delta.length] = t;
      }
    }
    if (uncovered.length === 0 && delta.length <= base.foldAt) return delta.length === 0 ? { base, delta: EMPTY.delta } : { base, delta };
    return { base: new Base(merge(base.entries, delta), coverList(base, uncovered)), delta: EMPTY.delta };
  } finally {
    for (let i = 0; i < touched.length; i++) scratch[touched[i]] = 0;
    touched.length = 0;
    touchedMin = Infinity;
    touchedMax = -1;
  }
}
