// Vector clocks.
//
// A clock is an immutable, sorted, flat array [slot0, time0, slot1, time1, ...]. Immutability lets
// contexts, promises and access records share one clock by reference: a fork or a snapshot costs a
// pointer, and only a join that actually learns something allocates. Slots are handed out lazily (a
// context gets one on its first tracked access), so contexts that never touch shared state never widen
// anybody's clock.
//
// A context's own component is kept beside its clock (slot, time) rather than inside it, so that
// advancing its own time after a release does not copy the clock.

export type Clock = readonly number[];

export const EMPTY: Clock = Object.freeze([]) as Clock;

/** What a context or an access knows at one instant: a clock plus its own component. */
export interface Stamp {
  readonly vc: Clock;
  readonly slot: number; // -1 when the owner has no slot yet
  readonly time: number;
}

/** The time `vc` knows for `slot` (0 when it knows nothing). */
export function timeIn(vc: Clock, slot: number): number {
  // Clocks are short in practice; a linear scan beats a binary search below ~16 entries.
  const n = vc.length;
  if (n <= 32) {
    for (let i = 0; i < n; i += 2) {
      const s = vc[i];
      if (s === slot) return vc[i + 1];
      if (s > slot) return 0;
    }
    return 0;
  }
  let lo = 0;
  let hi = n / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = vc[mid * 2];
    if (s === slot) return vc[mid * 2 + 1];
    if (s < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
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

/** Pointwise maximum of two clocks; returns an input unchanged when it already dominates. */
export function join(a: Clock, b: Clock): Clock {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  let out: number[] | null = null;
  let i = 0;
  let j = 0;
  // First pass decides whether `a` dominates `b` without allocating.
  let aDominates = true;
  let bDominates = true;
  while (i < a.length || j < b.length) {
    const sa = i < a.length ? a[i] : Infinity;
    const sb = j < b.length ? b[j] : Infinity;
    if (sa === sb) {
      if (a[i + 1] < b[j + 1]) aDominates = false;
      else if (a[i + 1] > b[j + 1]) bDominates = false;
      i += 2;
      j += 2;
    } else if (sa < sb) {
      bDominates = false;
      i += 2;
    } else {
      aDominates = false;
      j += 2;
    }
    if (!aDominates && !bDominates) break;
  }
  if (aDominates) return a;
  if (bDominates) return b;
  out = [];
  i = 0;
  j = 0;
  while (i < a.length || j < b.length) {
    const sa = i < a.length ? a[i] : Infinity;
    const sb = j < b.length ? b[j] : Infinity;
    if (sa === sb) {
      out.push(sa, a[i + 1] > b[j + 1] ? a[i + 1] : b[j + 1]);
      i += 2;
      j += 2;
    } else if (sa < sb) {
      out.push(sa, a[i + 1]);
      i += 2;
    } else {
      out.push(sb, b[j + 1]);
      j += 2;
    }
  }
  return out;
}

/** `vc` with `slot` raised to at least `time`. */
export function withTime(vc: Clock, slot: number, time: number): Clock {
  if (slot < 0 || timeIn(vc, slot) >= time) return vc;
  const out: number[] = [];
  let placed = false;
  for (let i = 0; i < vc.length; i += 2) {
    if (!placed && vc[i] >= slot) {
      out.push(slot, time);
      placed = true;
      if (vc[i] === slot) continue;
    }
    out.push(vc[i], vc[i + 1]);
  }
  if (!placed) out.push(slot, time);
  return out;
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
