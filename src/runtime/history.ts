// A location's history of reads or of writes: at most `history_size` records, oldest first, each
// with two index entries beside it (its context, and whether a later access can report it outside
// strict mode; see Cell).
//
// Once full it is a ring: a new record takes the oldest one's place and the start moves on. Keeping
// the lists in order by shifting them instead cost a shared location ~0.5 µs per access: every step
// of the shift stores a pointer into an array that has usually been promoted to the old generation,
// and each such store goes through V8's write barrier (a 2000-wide fan-out of async functions reading
// the same 500 objects spent two thirds of its read-recording time there). Positions in this API are
// logical (0 is the oldest); only the ring's own methods know where a record physically sits.

import type { Access } from './shadow.js';
import { arrayPop } from './primordials.js';

export class History {
  /** Records in ring order: the oldest is at `start`. */
  readonly records: Access[] = [];
  /** Two entries per record, at twice its physical position: its context and its reportable flag. */
  readonly index: unknown[] = [];
  /** Physical position of the oldest record; 0 until the history has wrapped. */
  start = 0;

  /** `limit`: how many records it keeps (history_size, fixed for the history's life). */
  constructor(readonly limit: number) {}

  get length(): number {
    return this.records.length;
  }

  /** Physical position of logical position `i`. */
  private at(i: number): number {
    const p = this.start + i;
    return p >= this.records.length ? p - this.records.length : p;
  }

  record(i: number): Access {
    return this.records[this.at(i)];
  }

  context(i: number): unknown {
    return this.index[this.at(i) * 2];
  }

  reportable(i: number): boolean {
    return this.index[this.at(i) * 2 + 1] === true;
  }

  clearReportable(i: number): void {
    this.index[this.at(i) * 2 + 1] = false;
  }

  /** Logical position of `ctx`'s record, or -1. */
  find(ctx: unknown): number {
    const index = this.index;
    for (let p = 0; p < index.length; p += 2) {
      if (index[p] !== ctx) continue;
      const i = (p >> 1) - this.start;
      return i < 0 ? i + this.records.length : i;
    }
    return -1;
  }

  /**
   * Appends `a`; when the history is full, `a` takes the oldest one's place (which may be `a` itself,
   * refilled: see takeRead in detect.ts).
   */
  add(a: Access, ctx: unknown, reportable: boolean): void {
    const records = this.records;
    if (records.length < this.limit) {
      // Only a linear history grows (remove makes it linear again), so appending keeps the order.
      records[records.length] = a;
      this.index[this.index.length] = ctx;
      this.index[this.index.length] = reportable;
      return;
    }
    const p = this.start;
    records[p] = a;
    this.index[p * 2] = ctx;
    this.index[p * 2 + 1] = reportable;
    this.start = p + 1 === records.length ? 0 : p + 1;
  }

  /** The record `add` would replace next, or null while there is room. */
  oldestIfFull(): Access | null {
    return this.records.length >= this.limit ? this.records[this.start] : null;
  }

  /** Removes the record at logical position `i` (a context's own earlier record: the rarer path). */
  remove(i: number): void {
    if (this.start !== 0) this.straighten();
    removeAt(this.records, i, 1);
    removeAt(this.index, i * 2, 2);
  }

  /** Rotates the ring in place so that the oldest record is first again. */
  private straighten(): void {
    rotate(this.records, this.start);
    rotate(this.index, this.start * 2);
    this.start = 0;
  }
}

/** Moves `list[k]` to the front, keeping the cyclic order (three reversals: no allocation). */
function rotate(list: unknown[], k: number): void {
  reverse(list, 0, k - 1);
  reverse(list, k, list.length - 1);
  reverse(list, 0, list.length - 1);
}

function reverse(list: unknown[], i: number, j: number): void {
  for (; i < j; i++, j--) {
    const t = list[i];
    list[i] = list[j];
    list[j] = t;
  }
}

/**
 * Removes `n` entries at `i` in place: splice allocates the removed part, and assigning `length` is a
 * slow runtime call, where pop is not.
 */
function removeAt(list: unknown[], i: number, n: number): void {
  const end = list.length - n;
  for (let j = i; j < end; j++) list[j] = list[j + n];
  for (let k = 0; k < n; k++) arrayPop(list);
}

/** The history of a location no second context has reached: never added to (see Cell.shared). */
export const NO_HISTORY: History = new History(0);
Object.freeze(NO_HISTORY.records);
Object.freeze(NO_HISTORY.index);
Object.freeze(NO_HISTORY);
