// Shadow state: what the detector remembers about each tracked location.
//
// A location is one property of one object, one key of one Map or Set, one array element, the
// *structure* of a collection (size, key set, iteration order), or one variable. Objects get a shadow
// on their first tracked access, kept in a WeakMap so that it dies with the object and never shows in
// the object itself (no extra properties: JSON.stringify, Object.keys and util.inspect see nothing).
// Each location keeps a bounded history (`history_size`) of recent reads and writes by distinct
// contexts, enough to decide the races of SPEC §1 without growing on long runs.

import { failInAccess, failpoint } from './failpoints.js';
import type { Stamp } from './clock.js';
import { type AsyncContext, epoch } from './context.js';
import { siteFrame } from './sites.js';
import { type History, NO_HISTORY } from './history.js';
import { createTag } from './tag.js';
import { displayPath } from '../report/stack.js';
import { SafeMap, SafeWeakMap } from './primordials.js';
import { onCollection } from './collections.js';

export type AccessKind = 'read' | 'write' | 'update' | 'iterate';

/** One recorded access: who, where, and what the accessor knew (its stamp) at that instant. */
export interface Access extends Stamp {
  ctx: AsyncContext;
  /** The accessor's source (see AsyncContext.source), kept here so history scans need not load the context. */
  source: object;
  seg: number;
  site: number;
  kind: AccessKind;
  timed: boolean;
  vc: Stamp['vc'];
  slot: number;
  time: number;
  /** For a write: the same context's last read of the location, in an earlier segment. */
  window: Access | null;
  /** For a read: the context whose write it observed. */
  observed: AsyncContext | null;
  /** For a read: re-read at the same site by the same flow (a poll). */
  polling: boolean;
  /**
   * For a read: its own segment wrote the location afterwards (an atomic update). For a write: it
   * followed the writer's own read in its segment (a test-and-set or an update).
   */
  atomic: boolean;
  /** Order of the access in this run. */
  seq: number;
  /** The await the accessor last resumed from (-1 if none): "as if synchronized via" this. */
  via: number;
  /** Referenced outside its location's history (a write's window, a pending candidate): never refilled. */
  kept: boolean;
}

export class Cell {
  // Field order is memory order: the fast-path fields (sameStretch in detect.ts) come first, so that
  // the common case - an access that repeats one this flow made in this segment - loads one line.
  // The previous access, for the fast path: a context repeating an access within one segment, at the
  // same time of its clock, has nothing new to tell (FastTrack's "same epoch").
  fastCtx: unknown = null;
  fastSeg = -1;
  fastTime = -1;
  fastWrite = false;
  /**
   * The location's records hold a read by `fastCtx` from that same stretch (an update's read half
   * counts): kept beside the stretch so that a repeat in a loop never loads the read record itself.
   */
  fastRead = false;
  /** The key was deleted and the location forgotten (per-site caches must not use it again). */
  removed = false;
  /** The sampling era of the history (see context.ts). */
  era = 0;
  /** 0 while the key is there; once deleted (it may come back, see Shadow.removeCell), the epoch it was deleted in. */
  deleted = 0;
  /** For a variable's cell (no owner): changes whenever the cell's state changes (see Shadow.gen). */
  gen = 0;
  /** The object the location belongs to (null: a variable). */
  readonly owner: Shadow | null;
  // Histories exist once a second context arrives (see `shared`); a location only one flow
  // touches, which is most of them, allocates none. Beside each record a history keeps its context,
  // and whether a later access can report it outside strict mode (a read: timed and not a poll; a
  // write: it has a window). Scans compare these instead of loading the records, which lie scattered
  // in memory: a full history of cold records cost sixteen cache misses on every shared access.
  writes: History = NO_HISTORY;
  reads: History = NO_HISTORY;
  /** The write whose value the location holds now. */
  last: Access | null = null;
  // Exclusive mode (FastTrack's): while one context alone has touched the location, its last read and
  // last write are kept in two records updated in place, so a location nobody shares costs no
  // allocation per access. The second context to arrive turns them into ordinary history.
  shared = false;
  exCtx: unknown = null;
  exRead: Access | null = null;
  exWrite: Access | null = null;
  /** `label` names a variable cell; `declared` is the site of its declaration. */
  constructor(owner: Shadow | null, readonly key: unknown, readonly label: string, readonly declared = -1) {
    this.owner = owner;
  }

  /** A name for reports: `Map#3["user:1"]`, `Wallet#1.balance`, `module binding open`. */
  describe(redact: boolean): string {
    if (this.owner === null) return this.label;
    const o = this.owner;
    const base = `${o.kind}#${o.num}`;
    if (this.key === STRUCTURE) return `${base} (structure: size, keys and order)`;
    if (this.key === EVERY) return o.type === ObjectType.Array ? `${base} (order of the elements)` : `${base} (every key: clear)`;
    if (this.key === ELEMENTS) return `${base} (every element)`;
    const k = this.key;
    if (redact) return o.keyed ? `${base}[<redacted>]` : `${base}.<redacted>`;
    if (o.keyed) return `${base}[${formatKey(k)}]`;
    if (typeof k === 'string' && /^#?[A-Za-z_$][\w$]*$/.test(k)) return `${base}.${k}`;
    if (typeof k === 'string' && /^\d+$/.test(k)) return `${base}[${k}]`;
    return `${base}[${formatKey(k)}]`;
  }

  /** Where the location comes from: an object's creation or a variable's declaration (null: unknown). */
  origin(): { how: 'created' | 'declared'; where: string } | null {
    const site = this.owner === null ? this.declared : this.owner.created;
    const f = site >= 0 ? siteFrame(site) : null;
    if (f === null) return null;
    return { how: this.owner === null ? 'declared' : 'created', where: `${displayPath(f.file)}:${f.line}:${f.column}` };
  }
}

export const STRUCTURE = Symbol('structure');
/** The key of a shadow's `bulk` location: every element or key of the object at once. */
export const EVERY = Symbol('every element');
/** The key of an array's location of every element as read at once (Wide.elements). */
export const ELEMENTS = Symbol('elements read');

// Symbols as WeakMap keys (V8 11.x): an unregistered symbol can be a weak collection's key; on an
// engine without them, only objects can.
const symbolKeyFor = Symbol.keyFor;
const weakSymbols = ((): boolean => {
  try {
    new SafeWeakMap<object, number>().set(Symbol() as unknown as object, 0);
    return true;
  } catch {
    return false;
  }
})();

/** Whether `key` can be a WeakMap's key or a WeakSet's value (the spec's CanBeHeldWeakly). */
export function weakable(key: unknown): key is object {
  if (typeof key === 'object') return key !== null;
  if (typeof key === 'function') return true;
  return typeof key === 'symbol' && weakSymbols && symbolKeyFor(key) === undefined;
}

/** One flow's synchronous stretch (context.ts's epoch) as its accesses would record it. */
export interface EpochInfo {
  readonly id: number;
  readonly ctx: AsyncContext;
  readonly seg: number;
  readonly slot: number;
  readonly time: number;
  readonly vc: Stamp['vc'];
  readonly timed: boolean;
  readonly via: number;
  readonly era: number;
  /** The order number (Access.seq) the stretch's held accesses carry: taken when the stretch first held one. */
  readonly seq: number;
}

// A held slot keeps two small integers: (read site + 1) * 2 + (the read came after the write), and
// (write site + 1) * 2 + (the write is an update); 0 means none. Both stay small integers (below 2^30)
// for sites up to MAX_HELD_SITE: a field that once held a larger number is a double, boxed in a heap
// object of its own for every shadow.
export const MAX_HELD_SITE = 2 ** 29 - 2;

/**
 * A move of an array's elements not recorded yet (Shadow.bulk): the first one of its stretch, as a
 * write of the order would have recorded it. One object serves every array moved at the same site in
 * the same stretch.
 */
export interface HeldMove {
  readonly info: EpochInfo;
  readonly site: number;
  readonly update: boolean;
}

/** Index marks (Shadow.marks): epochs below this only, and room for this many keys to start with. */
const MARK_LIMIT = 2 ** 30;
const MIN_MARKS = 64;

/** `a`, or a copy of it twice as long as often as it takes to hold index `key` (MIN_MARKS at least). */
function covering(a: Int32Array | null, key: number): Int32Array {
  if (a !== null && key < a.length) return a;
  let size = a === null ? MIN_MARKS : a.length;
  while (size <= key) size *= 2;
  const bigger = new Int32Array(size);
  if (a !== null) bigger.set(a);
  return bigger;
}
/** Whether shadows make index marks (tests compare what the detector records with and without them). */
export const indexMarks = { enabled: true };
/** Whether shadows hold moves of the elements (tests compare, as for index marks). */
export const heldMoves = { enabled: true };

type HeldRecorder = (cell: Cell, info: EpochInfo, readSite: number, writeSite: number, update: boolean, readAfterWrite: boolean) => void;
let recordHeld: HeldRecorder = () => undefined;
/** detect.ts supplies the records a held slot turns into (it owns the Access layout). */
export function setHeldRecorder(fn: HeldRecorder): void {
  recordHeld = fn;
}

type Seeder = (cell: Cell, bulk: Cell) => void;
let seedCell: Seeder = () => undefined;
/** detect.ts starts a key's new location from its collection's last clear() (see Shadow.bulk). */
export function setSeeder(fn: Seeder): void {
  seedCell = fn;
}

function formatKey(k: unknown): string {
  if (typeof k === 'string') return JSON.stringify(k);
  if (typeof k === 'symbol') return k.toString();
  if (typeof k === 'object' && k !== null) return `<${k.constructor?.name ?? 'object'}>`;
  if (typeof k === 'function') return `<function ${k.name}>`;
  return String(k);
}

const kindCounters = new SafeMap<string, number>();
/** What reports call an object (`Wallet#2`), kept aside: only objects a report names have it. */
const names = new SafeWeakMap<Shadow, { name: string; number: number }>();

/** What sort of object a shadow stands for; decides which accesses touch which locations. */
export const enum ObjectType {
  Plain,
  Map,
  Set,
  Array,
  TypedArray,
  Proxy,
  Weak,
}

/** How long, in epochs (context.ts), a sweep spares a deleted location a flow may still act on. */
const PENDING_EPOCHS = 10_000;

/**
 * A deleted location a flow that touched it may still act on: `if (cache[k] === undefined) cache[k] =
 * await load(k)` while requests for a hundred other keys come and go. Swept, the check's read would
 * be gone by the time the flow writes. Spared while such a flow waits, or runs again after an await,
 * and the deletion is recent: a flow that never ends (a server's accept loop, a module's top-level
 * `for await`) asking about a new key each time must not keep them all, and neither must one
 * synchronous loop asking about a million keys (its stretch can act on none of them across an await
 * before it ends).
 */
function pending(c: Cell): boolean {
  if (epoch - c.deleted > PENDING_EPOCHS) return false;
  if (!c.shared) return mayActLater(c.exCtx, c);
  return anyMayActLater(c.reads, c) || anyMayActLater(c.writes, c);
}

function anyMayActLater(h: History, c: Cell): boolean {
  const index = h.index;
  for (let p = 0; p < index.length; p += 2) if (mayActLater(index[p], c)) return true;
  return false;
}

function mayActLater(ctx: unknown, c: Cell): boolean {
  if (ctx === null || ctx === undefined) return false;
  const flow = ctx as AsyncContext;
  if (flow.state === 'suspended') return true;
  // Running: only if it touched the location before its last await.
  return flow.state === 'running' && !(c.fastCtx === flow && c.fastSeg === flow.segment);
}

/**
 * The last key looked up in a shadow's Map of locations (`cells`), and its location: a keyed collection
 * is asked about one key several times in a row (an LRU's get, delete and set of one key; `if
 * (m.has(k)) m.get(k)`; a delete's write and forgetting of the key), and each was a Map lookup, the
 * largest cost of a Map method's check (cpu-lru: four per cache hit, one now). Dropped whenever the
 * location leaves the Map (a sweep, a departed object key), so it is always the key's location there;
 * and around collections, since it holds one of the program's keys.
 */
let lastOwner: Shadow | null = null;
let lastKey: unknown = undefined;
let lastCell: Cell | null = null;
function forgetLastCell(): void {
  lastOwner = lastCell = null;
  lastKey = undefined;
}
onCollection(forgetLastCell);

/**
 * The parts of a shadow only some objects need: keys past the inline slots, index marks and held
 * index reads, deleted keys. Inline, they took 56 of every shadow's 312 bytes (8-byte fields); most
 * objects the detector tracks (a request's result, a cache entry, a short array) use none of them,
 * and a program that makes many such objects spent a share of its allocation, and of the detector's
 * collection time, on them.
 */
class Wide {
  /** Per-key cells, past the inline slots. */
  cells: Map<unknown, Cell> | null = null;
  /**
   * Cells of index keys past the inline slots (an array's elements, an object used as a table by
   * number), by index: a Map lookup per element access was the largest cost of a loop over an array.
   * Only for plain objects and arrays, whose numeric keys are array indices (see toKey); a Map's keys
   * can be any number.
   */
  indexCells: (Cell | undefined)[] | null = null;
  /**
   * Epoch marks (as the inline slots hold them) of the index keys past those slots, by index: a loop
   * that visits an array's elements again in one stretch answers each repeat here, where it loaded the
   * element's location record before (60-70 ns a repeat over 6,000 elements, most of it cache misses
   * on the records). Kept only as dense as the index table they shadow: a key far past the number of
   * locations (a sparse table) gets no mark, and its repeats take the record's path as before.
   */
  marks: Int32Array | null = null;
  /**
   * Reads of an array's elements held without a location each: the first stretch that reads elements
   * no location exists for keeps each one's read site (+1) here, by index, as the inline slots hold
   * theirs. A loop over a million elements made a location and a read record for each (about 340 bytes
   * an element, kept as long as the array); most such loops are a flow's only pass over its own data.
   * An element's held read becomes its location's first record when anything else needs that location
   * (takeIndexRead); a later stretch's reads of other elements take the ordinary path.
   */
  indexHeld: { readonly info: EpochInfo; reads: Int32Array } | null = null;
  /**
   * Deleted object keys, weakly: the location waits for the key to come back as any deleted key's
   * does, but holding the key object itself would keep it alive after the program let go of it (a
   * WeakRef to it would still deref). A weak collection keeps all its keys' locations here.
   */
  departed: WeakMap<object, Cell> | null = null;
  /** Deleted keys whose location is still there (object keys excepted: see departed). */
  deletedCount = 0;
  /** Deleted locations the last sweep kept (see pending). */
  spared = 0;
  /**
   * An array's every element as read at once (ELEMENTS): by iteration, spread, destructuring and the
   * methods that look at the elements (find, indexOf, forEach, ...). Only read, never written: a write
   * of one element with no read of it of its own finds the flow's window here (detect.ts,
   * iterationWindow), as a Map's key finds it on the Map's `bulk`.
   */
  elements: Cell | null = null;
  /**
   * The epoch (context.ts) and shadow generation of the array's last iteration read: another
   * iteration in the same stretch with nothing changed since adds nothing (a loop that iterates
   * thousands of rows, each an array, over and over, paid two cache misses a row to find that out).
   */
  iteratedEpoch = 0;
  iteratedGen = 0;
}

/** A shadow's fourth inline key: its key, epoch mark, location and held sites, as for Shadow.k0. */
class Fourth {
  k: unknown = undefined;
  e = 0;
  c: Cell | null = null;
  r = 0;
  p = 0;
}

export class Shadow {
  // Field order is memory order: what every access reads comes first and together (the kind, whether
  // accesses are held, then each inline key with its epoch and location), so that checking an object
  // touches one or two cache lines. A loop over thousands of objects misses the cache on most shadows.
  readonly type: ObjectType;
  /**
   * Changes whenever anything about this object that an access's verdict reads changes: a slot, an
   * epoch mark, a location made, revived or forgotten, a location's history (detect.ts bumps it). An
   * access that was a no-op, repeated at the same site in the same epoch while this is unchanged, is
   * a no-op again; access.ts answers such repeats at the site without looking the shadow up.
   */
  gen = 0;
  /**
   * Accesses can be held: a plain object or an array whose keys all fit the inline slots (keyed
   * collections always use records). Cleared once a key needs the Map or the index table, so that the
   * access path stops asking.
   */
  holds: boolean;
  /**
   * What only some objects need (see Wide), made on first use. `structure` and `bulk` stay here: every
   * array pushed to or shifted and every Map or Set uses them, and the access path reads them on each
   * access it does not answer from the marks (behind `wide`, they cost cpu-lru a few percent).
   */
  private wide: Wide | null = null;
  structure: Cell | null = null;
  /**
   * Every element or key at once, made by the first access that touches them all:
   * - an array's order of the elements, written by the mutators that move elements (sort, reverse,
   *   splice, shift, unshift, fill, copyWithin) and read by every index access. Writing each
   *   element's location instead would make `shift()` cost the length of the array (a queue of
   *   100,000 drained one by one: quadratic), and an element nobody accessed before has no location
   *   to write. While only one stretch has moved the elements, the move is held here (HeldMove)
   *   rather than recorded: most arrays that are shifted or sorted are a flow's own (a bounded
   *   history, a sorted copy), and a location with its records for each of them cost cpu-lru, whose
   *   entries each shift a bounded history, a few percent of its CPU time.
   * - a Map's or Set's clear(), written by each clear: the keys that have a location then are
   *   written one by one, and a key that gets its location afterwards starts from the clear's write
   *   (see setSeeder), so a key the clear removed before anybody touched it still knows of it. One
   *   write per collection, whatever its size.
   * Every element access asks whether there is one: it sits at the front, beside the kind.
   */
  bulk: Cell | HeldMove | null = null;
  // Held accesses. While every access to a plain object or an array comes from one epoch - a loop that
  // builds and updates objects in one synchronous stretch, a request's own temporaries - an inline key
  // has no location record at all: its slot holds the sites of that epoch's read (r0..r2, Fourth.r)
  // and write (p0..p2, Fourth.p), and `held` the epoch. The first access from another epoch, or any
  // other use of the location, turns them into the records the ordinary path would have made (see
  // `materialize`).
  private held: EpochInfo | null = null;
  // The first four keys' locations sit in fields, compared with ===: most objects have a few tracked
  // keys, and a field scan beats a Map lookup. Later keys go to the Map. The fourth key's fields are in
  // an object of their own (Fourth), made when the object gets one: most objects have three keys at
  // most (a request's result, a small array), and their shadows are 40 bytes smaller without them.
  // e0..e2 (and Fourth.e): the epoch (context.ts) in which each inline key's location was last
  // touched: `now` when read, `-now` when written (a write covers later writes; later reads only as
  // coveredAt says). An access the running flow already made in this epoch is answered here, without
  // loading a record. Epochs start at 1, so an empty slot keeps 0. One field per key, not a read and
  // a write epoch each: every tracked object has a shadow.
  private k0: unknown = undefined;
  private e0 = 0;
  private c0: Cell | null = null;
  private k1: unknown = undefined;
  private e1 = 0;
  private c1: Cell | null = null;
  private k2: unknown = undefined;
  private e2 = 0;
  private c2: Cell | null = null;
  private f3: Fourth | null = null;
  private r0 = 0;
  private p0 = 0;
  private r1 = 0;
  private p1 = 0;
  private r2 = 0;
  private p2 = 0;
  /** Per-key cells past the inline slots (see Wide.cells). */
  get cells(): Map<unknown, Cell> | null {
    const w = this.wide;
    return w === null ? null : w.cells;
  }
  /** The wide part, made now if the object had no use for it before. */
  private widen(): Wide {
    return (this.wide ??= new Wide());
  }
  /**
   * `proto` is the object's prototype when the shadow was made: its constructor's name is looked up
   * only when a report names the object, which keeps reflection off the hot path.
   */
  constructor(private readonly proto: object | null, type: ObjectType, public created: number) {
    this.type = type;
    this.holds = this.canHold();
  }

  /** Plain objects and arrays can hold accesses while their keys fit the inline slots. */
  private canHold(): boolean {
    return this.type === ObjectType.Plain || this.type === ObjectType.Array;
  }

  /** Numeric keys of plain objects and arrays are array indices (toKey) and live in the index table. */
  private isIndex(key: unknown): key is number {
    return typeof key === 'number' && !this.keyed;
  }

  /** Keyed collections: their keys are the program's values, any of them, not property keys. */
  get keyed(): boolean {
    return this.type === ObjectType.Map || this.type === ObjectType.Set || this.type === ObjectType.Weak;
  }

  /** `Map`, `Array`, `Wallet`: the constructor's name, or `Object`. */
  get kind(): string {
    const known = names.get(this);
    if (known !== undefined) return known.name;
    let name = 'Object';
    if (this.type === ObjectType.Proxy) name = 'Proxy';
    else if (this.type === ObjectType.Array) name = 'Array';
    else if (this.proto !== null) {
      try {
        const ctor = Object.getOwnPropertyDescriptor(this.proto, 'constructor')?.value;
        if (typeof ctor === 'function' && ctor.name) name = ctor.name;
      } catch {
        /* a hostile prototype keeps the generic name */
      }
    }
    names.set(this, { name, number: 0 });
    return name;
  }

  /** The object's number among its kind, in the order reports first name them (`Map#3`). */
  get num(): number {
    const kind = this.kind;
    const known = names.get(this)!;
    if (known.number === 0) {
      const n = (kindCounters.get(kind) ?? 0) + 1;
      kindCounters.set(kind, n);
      known.number = n;
    }
    return known.number;
  }

  /**
   * True when a read of `key` in epoch `now` adds nothing: the running flow read it in this epoch, or
   * wrote it after reading it or as an update (whose read half covers later reads; see
   * readBeforeWrite). A write alone does not cover a later read: a flow that writes, reads its own
   * value, awaits and writes again has a read-await-write window starting at that read
   * (`o.n = 0; const v = o.n; await x; o.n = v + 1`).
   */
  coveredAt(key: unknown, now: number): boolean {
    if (this.k0 === key) return this.e0 === now || (this.e0 === -now && this.readBeforeWrite(this.c0, this.r0, this.p0, now));
    if (this.k1 === key) return this.e1 === now || (this.e1 === -now && this.readBeforeWrite(this.c1, this.r1, this.p1, now));
    if (this.k2 === key) return this.e2 === now || (this.e2 === -now && this.readBeforeWrite(this.c2, this.r2, this.p2, now));
    const f = this.f3;
    if (f !== null && f.k === key) return f.e === now || (f.e === -now && this.readBeforeWrite(f.c, f.r, f.p, now));
    const w = this.wide;
    if (typeof key !== 'number' || w === null) return false;
    const marks = w.marks;
    if (marks !== null && key < marks.length) {
      const m = marks[key];
      if (m === now) return true;
      if (m === -now && this.readBeforeWrite(w.indexCells?.[key] ?? null, 0, 0, now)) return true;
    }
    const held = w.indexHeld;
    return held !== null && held.info.id === now && key < held.reads.length && held.reads[key] !== 0;
  }

  /**
   * Whether the running stretch, which wrote a key (its mark is `-now`), read it too, or updated it: its
   * held slot's read (`r`) and write (`p`) sites say so, or, for a key with a location, the record
   * does, when onRead and an update's onWrite would both return at once (the last access there was
   * the write, with a read before it in the stretch), the key is not a deleted one (its next read
   * revives it), and no other stretch's move of the elements waits to be read (access.ts, readOrder).
   * The record is asked, not only the held slots: without it, every update of a key with a location
   * (`counts[k]++` on a table of more than four keys) went the whole way to that location, though it
   * was a repeat (about 40 ns each).
   */
  private readBeforeWrite(c: Cell | null, r: number, p: number, now: number): boolean {
    if (c === null) return r !== 0 || (p & 1) === 1;
    const b = this.bulk;
    return c.fastWrite && c.fastRead && c.deleted === 0 && (b === null || (!(b instanceof Cell) && b.info.id === now));
  }

  /**
   * Records that the running flow read `key`'s location in epoch `now` (through its record). A write
   * earlier in the epoch stops covering later writes: one after this read makes the read atomic.
   */
  cover(key: unknown, now: number): void {
    // The generation moves only when a mark does: a read the mark already covers changes nothing.
    if (this.k0 === key) this.e0 !== now && ((this.e0 = now), this.gen++);
    else if (this.k1 === key) this.e1 !== now && ((this.e1 = now), this.gen++);
    else if (this.k2 === key) this.e2 !== now && ((this.e2 = now), this.gen++);
    else if (this.f3 !== null && this.f3.k === key) this.f3.e !== now && ((this.f3.e = now), this.gen++);
    else if (this.isIndex(key)) this.markIndex(key, now);
  }

  /**
   * True when `key` sits in an inline slot that the running flow wrote in epoch `now`, and nothing
   * since needs a write recorded (a held read after that write becomes atomic with the next write).
   */
  writeCoveredAt(key: unknown, now: number): boolean {
    if (this.k0 === key) return this.e0 === -now && !(this.c0 === null && (this.r0 & 1) === 1);
    if (this.k1 === key) return this.e1 === -now && !(this.c1 === null && (this.r1 & 1) === 1);
    if (this.k2 === key) return this.e2 === -now && !(this.c2 === null && (this.r2 & 1) === 1);
    const f = this.f3;
    if (f !== null && f.k === key) return f.e === -now && !(f.c === null && (f.r & 1) === 1);
    const marks = this.wide?.marks ?? null;
    return marks !== null && typeof key === 'number' && key < marks.length && marks[key] === -now;
  }

  /**
   * writeCoveredAt and coveredAt at once, for an update (a write that also reads, which only a read in
   * the stretch covers): one scan of the inline keys instead of two, on every `o.n++`.
   */
  updateCoveredAt(key: unknown, now: number): boolean {
    if (this.k0 === key) return this.e0 === -now && !(this.c0 === null && (this.r0 & 1) === 1) && this.readBeforeWrite(this.c0, this.r0, this.p0, now);
    if (this.k1 === key) return this.e1 === -now && !(this.c1 === null && (this.r1 & 1) === 1) && this.readBeforeWrite(this.c1, this.r1, this.p1, now);
    if (this.k2 === key) return this.e2 === -now && !(this.c2 === null && (this.r2 & 1) === 1) && this.readBeforeWrite(this.c2, this.r2, this.p2, now);
    const f = this.f3;
    if (f !== null && f.k === key) return f.e === -now && !(f.c === null && (f.r & 1) === 1) && this.readBeforeWrite(f.c, f.r, f.p, now);
    const w = this.wide;
    if (typeof key !== 'number' || w === null || w.marks === null || key >= w.marks.length || w.marks[key] !== -now) return false;
    if (this.readBeforeWrite(w.indexCells?.[key] ?? null, 0, 0, now)) return true;
    const held = w.indexHeld;
    return held !== null && held.info.id === now && key < held.reads.length && held.reads[key] !== 0;
  }

  coverWrite(key: unknown, now: number): void {
    if (this.k0 === key) this.e0 !== -now && ((this.e0 = -now), this.gen++);
    else if (this.k1 === key) this.e1 !== -now && ((this.e1 = -now), this.gen++);
    else if (this.k2 === key) this.e2 !== -now && ((this.e2 = -now), this.gen++);
    else if (this.f3 !== null && this.f3.k === key) this.f3.e !== -now && ((this.f3.e = -now), this.gen++);
    else if (this.isIndex(key)) this.markIndex(key, -now);
  }

  /**
   * Holds the running stretch's read of element `key` of an array (`length`: the array's length now).
   * False: the element has a location, another stretch holds this array's reads, or the index is past
   * the end (an absent element's read keeps the ordinary path).
   */
  holdIndexRead(key: number, site: number, info: EpochInfo, length: number): boolean {
    const held = this.wide?.indexHeld ?? null;
    if (this.type !== ObjectType.Array || key >= length || (held !== null && held.info !== info)) return false;
    if (this.k0 === key || this.k1 === key || this.k2 === key || (this.f3 !== null && this.f3.k === key)) return false;
    const byIndex = this.wide?.indexCells ?? null;
    if (byIndex !== null && byIndex[key] !== undefined) return false;
    const r = covering(held === null ? null : held.reads, key);
    if (held === null) this.widen().indexHeld = { info, reads: r };
    else held.reads = r;
    if (r[key] === 0) {
      r[key] = site + 1;
      this.gen++;
    }
    return true;
  }

  /** The location of element `key` whose read is held, made now with that read as its first record; else undefined. */
  private takeIndexRead(key: number): Cell | undefined {
    const w = this.wide!;
    const held = w.indexHeld!;
    const r = held.reads;
    if (key >= r.length || r[key] === 0) return undefined;
    const site = r[key] - 1;
    r[key] = 0;
    this.gen++;
    this.cellCount++;
    const c = new Cell(this, key, '');
    recordHeld(c, held.info, site, -1, false, false);
    (w.indexCells ??= [])[key] = c;
    this.holds = false;
    return c;
  }

  private markIndex(key: number, mark: number): void {
    // Int32 marks: a process past 2^30 stretches stops making them (and keeps the old ones' meaning:
    // no epoch repeats).
    if (mark >= MARK_LIMIT || mark <= -MARK_LIMIT || !indexMarks.enabled) return;
    let m = this.wide?.marks ?? null;
    if (m === null || key >= m.length) {
      if (key >= MIN_MARKS + 4 * this.cellCount) return;
      this.widen().marks = m = covering(m, key);
    }
    if (m[key] !== mark) {
      m[key] = mark;
      this.gen++;
    }
  }

  /**
   * Holds a read of `key` made in epoch `info` that is not covered (see coveredAt): a first read, or
   * a read after the flow's own held write. A held read is (site + 1) * 2, plus 1 when it came after
   * the write. False: the key needs a location record, and the caller records the read as usual.
   */
  holdRead(key: unknown, site: number, info: EpochInfo): boolean {
    if (this.held !== info && this.held !== null) this.materialize();
    if (!this.holdsKey(key)) return false;
    this.gen++;
    const after = (site + 1) * 2 + 1;
    if (this.k0 === key) return this.c0 === null && ((this.r0 = after), true);
    if (this.k1 === key) return this.c1 === null && ((this.r1 = after), true);
    if (this.k2 === key) return this.c2 === null && ((this.r2 = after), true);
    const f = this.f3;
    if (f !== null && f.k === key) return f.c === null && ((f.r = after), true);
    return this.claim(key, (site + 1) * 2, 0, info);
  }

  /** Holds a write of `key` (not yet written in this epoch) made in epoch `info`; false as for reads. */
  holdWrite(key: unknown, site: number, update: boolean, info: EpochInfo): boolean {
    if (this.held !== info && this.held !== null) this.materialize();
    if (!this.holdsKey(key)) return false;
    this.gen++;
    const bits = (site + 1) * 2 + (update ? 1 : 0);
    const now = info.id;
    // Read earlier in this epoch and held: the write joins the read in the same slot, and the read is
    // now atomic with it; a read held after an earlier write becomes the read before this one.
    if (this.k0 === key) return this.c0 === null && ((this.p0 = bits), (this.r0 &= ~1), (this.e0 = -now), true);
    if (this.k1 === key) return this.c1 === null && ((this.p1 = bits), (this.r1 &= ~1), (this.e1 = -now), true);
    if (this.k2 === key) return this.c2 === null && ((this.p2 = bits), (this.r2 &= ~1), (this.e2 = -now), true);
    const f = this.f3;
    if (f !== null && f.k === key) return f.c === null && ((f.p = bits), (f.r &= ~1), (f.e = -now), true);
    if (!this.claim(key, 0, bits, info)) return false;
    this.coverWrite(key, now);
    return true;
  }

  private holdsKey(key: unknown): boolean {
    // An array's locations are its indices; other keys (methods, length) are not held.
    return this.holds && (this.type === ObjectType.Plain || typeof key === 'number');
  }

  /** A free inline slot for a new held key (false: none free, or the key is there with a record). */
  private claim(key: unknown, read: number, write: number, info: EpochInfo): boolean {
    if (this.k0 === key || this.k1 === key || this.k2 === key || (this.f3 !== null && this.f3.k === key)) return false;
    const now = info.id;
    if (this.k0 === undefined && this.c0 === null) {
      this.k0 = key;
      this.r0 = read;
      this.p0 = write;
      this.e0 = now;
    } else if (this.k1 === undefined && this.c1 === null) {
      this.k1 = key;
      this.r1 = read;
      this.p1 = write;
      this.e1 = now;
    } else if (this.k2 === undefined && this.c2 === null) {
      this.k2 = key;
      this.r2 = read;
      this.p2 = write;
      this.e2 = now;
    } else if (this.f3 === null || (this.f3.k === undefined && this.f3.c === null)) {
      const f = (this.f3 ??= new Fourth());
      f.k = key;
      f.r = read;
      f.p = write;
      f.e = now;
    } else return false;
    this.held = info;
    return true;
  }

  /** Turns every held slot into a location record, as the ordinary path would have recorded it. */
  private materialize(): void {
    const info = this.held;
    if (info === null) return;
    this.gen++;
    this.held = null;
    if (this.k0 !== undefined && this.c0 === null) this.c0 = this.heldCell(this.k0, this.r0, this.p0, info);
    if (this.k1 !== undefined && this.c1 === null) this.c1 = this.heldCell(this.k1, this.r1, this.p1, info);
    if (this.k2 !== undefined && this.c2 === null) this.c2 = this.heldCell(this.k2, this.r2, this.p2, info);
    const f = this.f3;
    if (f !== null && f.k !== undefined && f.c === null) f.c = this.heldCell(f.k, f.r, f.p, info);
  }

  private heldCell(key: unknown, read: number, write: number, info: EpochInfo): Cell {
    const c = new Cell(this, key, '');
    this.cellCount++;
    recordHeld(c, info, (read >> 1) - 1, (write >> 1) - 1, (write & 1) === 1, (read & 1) === 1);
    return c;
  }

  cell(key: unknown): Cell {
    if (this.held !== null) this.materialize();
    if (this.c0 !== null && this.k0 === key) return this.live(this.c0);
    if (this.c1 !== null && this.k1 === key) return this.live(this.c1);
    if (this.c2 !== null && this.k2 === key) return this.live(this.c2);
    const f = this.f3;
    if (f !== null && f.c !== null && f.k === key) return this.live(f.c);
    const indexed = this.isIndex(key);
    const w = this.wide;
    if (w !== null) {
      if (indexed) {
        let found = w.indexCells !== null ? w.indexCells[key] : undefined;
        if (found === undefined && w.indexHeld !== null) found = this.takeIndexRead(key);
        if (found !== undefined) return this.live(found);
      } else if (w.cells !== null) {
        const found = this.lookUp(w.cells, key);
        if (found !== undefined) return this.live(found);
      }
    }
    const kept = w?.departed?.get(key as object);
    if (this.type === ObjectType.Weak && weakable(key)) return kept ?? this.weakCell(key);
    this.gen++;
    this.cellCount++;
    const c = kept ?? this.fresh(key);
    if (c.deleted !== 0) {
      // An object key deleted earlier and set again (an LRU refresh): its location, with its history.
      w!.departed!.delete(key as object);
      c.deleted = 0;
    }
    // NaN !== NaN: a NaN key (a Map key) lives in the Map, which compares with SameValueZero.
    if (key !== key) {
      (this.widen().cells ??= new SafeMap()).set(key, c);
      this.holds = false;
    } else if (this.c0 === null && this.k0 === undefined) this.fill0(key, c);
    else if (this.c1 === null && this.k1 === undefined) this.fill1(key, c);
    else if (this.c2 === null && this.k2 === undefined) this.fill2(key, c);
    else if (this.f3 === null || (this.f3.c === null && this.f3.k === undefined)) this.fill3(key, c);
    else {
      if (indexed) (this.widen().indexCells ??= [])[key] = c;
      else {
        (this.widen().cells ??= new SafeMap()).set(key, c);
        lastOwner = this;
        lastKey = key;
        lastCell = c;
      }
      this.holds = false;
    }
    return c;
  }

  /** A key's first location: after a clear(), it starts from the clear's write. */
  private fresh(key: unknown): Cell {
    const c = new Cell(this, key, '');
    const b = this.bulk;
    if (b !== null && this.type !== ObjectType.Array) seedCell(c, b as Cell);
    return c;
  }

  /**
   * A WeakMap's or WeakSet's key: its location is held as weakly as the collection holds the key, in
   * `departed` (a weak collection has no other use for it). It never goes in the inline slots or the
   * Map, which would keep the key alive for the detector. Deleting the key keeps it: it costs nothing
   * once the key is gone, and a key deleted and set again keeps its history.
   */
  private weakCell(key: object): Cell {
    this.gen++;
    const c = new Cell(this, key, '');
    (this.widen().departed ??= new SafeWeakMap()).set(key, c);
    return c;
  }

  /**
   * A key was deleted. Its location is kept while the key may come back (an LRU refreshes a key by
   * delete and set, thousands of times a second), but a Map of short-lived keys (request ids,
   * sessions) must not keep one location per key it ever held: once deleted keys outnumber live ones,
   * they are forgotten at once, except those a flow may still act on (see pending).
   */
  removeCell(key: unknown): void {
    const c = this.find(key);
    if (c === null || c.deleted !== 0) return;
    this.gen++;
    c.deleted = epoch;
    if ((typeof key === 'object' && key !== null) || typeof key === 'function') this.depart(key, c);
    else {
      const w = this.widen();
      w.deletedCount++;
      // Counted from the last sweep: the locations it spared are no reason for another one.
      const fresh = w.deletedCount - w.spared;
      if (fresh > 32 && fresh * 2 > this.cellCount - w.spared) this.sweep();
    }
  }

  private depart(key: object, c: Cell): void {
    if (this.k0 === key) this.fill0(undefined, null);
    else if (this.k1 === key) this.fill1(undefined, null);
    else if (this.k2 === key) this.fill2(undefined, null);
    else if (this.f3 !== null && this.f3.k === key) this.fill3(undefined, null);
    else this.wide?.cells?.delete(key);
    if (lastOwner === this) forgetLastCell();
    this.cellCount--;
    (this.widen().departed ??= new SafeWeakMap()).set(key, c);
  }

  /** Locations the shadow has, in the inline slots, the Map and the index table (deleted ones too). */
  private cellCount = 0;

  private find(key: unknown): Cell | null {
    if (this.held !== null) this.materialize();
    if (this.c0 !== null && this.k0 === key) return this.c0;
    if (this.c1 !== null && this.k1 === key) return this.c1;
    if (this.c2 !== null && this.k2 === key) return this.c2;
    const f = this.f3;
    if (f !== null && f.c !== null && f.k === key) return f.c;
    const w = this.wide;
    if (w === null) return null;
    if (this.isIndex(key)) return w.indexCells?.[key] ?? (w.indexHeld !== null ? this.takeIndexRead(key) : undefined) ?? null;
    return w.cells !== null ? (this.lookUp(w.cells, key) ?? null) : null;
  }

  /** `cells.get(key)`, answered without the Map when the key is the last one looked up there (see lastKey). */
  private lookUp(cells: Map<unknown, Cell>, key: unknown): Cell | undefined {
    if (lastOwner === this && lastKey === key) return lastCell!;
    const c = cells.get(key);
    if (c !== undefined) {
      lastOwner = this;
      lastKey = key;
      lastCell = c;
    }
    return c;
  }

  private sweep(): void {
    const w = this.widen();
    this.gen++;
    if (lastOwner === this) forgetLastCell();
    let spared = 0;
    const gone = (c: Cell | null): boolean => {
      if (c === null || c.deleted === 0) return false;
      if (!pending(c)) return true;
      spared++;
      return false;
    };
    if (gone(this.c0)) {
      this.c0!.removed = true;
      this.fill0(undefined, null);
    }
    if (gone(this.c1)) {
      this.c1!.removed = true;
      this.fill1(undefined, null);
    }
    if (gone(this.c2)) {
      this.c2!.removed = true;
      this.fill2(undefined, null);
    }
    if (this.f3 !== null && gone(this.f3.c)) {
      this.f3.c!.removed = true;
      this.fill3(undefined, null);
    }
    const cells = w.cells;
    if (cells !== null) {
      for (const [k, c] of cells) {
        if (gone(c)) {
          c.removed = true;
          cells.delete(k);
        }
      }
    }
    const byIndex = w.indexCells;
    if (byIndex !== null) {
      // Object.keys visits only the indices present, however sparse the array is.
      for (const k of Object.keys(byIndex)) {
        const c = byIndex[+k]!;
        if (gone(c)) {
          c.removed = true;
          delete byIndex[+k];
        }
      }
    }
    this.cellCount -= w.deletedCount - spared;
    w.deletedCount = spared;
    w.spared = spared;
    // A swept index's next access makes a new record and must be recorded there.
    w.marks = null;
  }

  /** A deleted key touched again is live again. */
  private live(c: Cell): Cell {
    if (c.deleted !== 0) {
      this.gen++;
      c.deleted = 0;
      // A deleted location was counted there: the wide part exists.
      const w = this.wide!;
      w.deletedCount--;
      if (w.spared > w.deletedCount) w.spared = w.deletedCount;
    }
    return c;
  }

  /**
   * clear(): every key is deleted at once. Its location is kept as a deleted key's is (a flow that
   * checked a key before the clear and sets it after must still find its read there), and the keys
   * deleted before are forgotten now if they are many: a Map refilled and cleared over and over with
   * new keys keeps at most two fillings' locations.
   */
  clear(): void {
    if (this.held !== null) this.materialize();
    this.gen++;
    const w = this.widen();
    if (w.deletedCount > 32) this.sweep();
    // Deleted object keys are not what the clear removed; their next use starts afresh (from the
    // clear's write), and the keys the clear removes take their place.
    w.departed = null;
    for (const c of this.allCells()) {
      if (c.deleted !== 0) continue;
      c.deleted = epoch;
      const k = c.key;
      if ((typeof k === 'object' && k !== null) || typeof k === 'function') this.depart(k, c);
      else w.deletedCount++;
    }
  }

  /** Every per-key cell (for clear()). */
  allCells(): Cell[] {
    if (this.held !== null) this.materialize();
    const out: Cell[] = [];
    for (const c of [this.c0, this.c1, this.c2, this.f3 === null ? null : this.f3.c]) if (c !== null) out[out.length] = c;
    const w = this.wide;
    if (w !== null && w.cells !== null) for (const c of w.cells.values()) out[out.length] = c;
    if (w !== null && w.indexCells !== null) for (const k of Object.keys(w.indexCells)) out[out.length] = w.indexCells[+k]!;
    return out;
  }

  // Sets inline slot N to `key` and `cell`, its epoch mark cleared (array destructuring would call the
  // array iterator, which the program may have replaced).
  private fill0(key: unknown, cell: Cell | null): void {
    this.k0 = key;
    this.c0 = cell;
    this.e0 = 0;
  }
  private fill1(key: unknown, cell: Cell | null): void {
    this.k1 = key;
    this.c1 = cell;
    this.e1 = 0;
  }
  private fill2(key: unknown, cell: Cell | null): void {
    this.k2 = key;
    this.c2 = cell;
    this.e2 = 0;
  }
  private fill3(key: unknown, cell: Cell | null): void {
    const f = (this.f3 ??= new Fourth());
    f.k = key;
    f.c = cell;
    f.e = 0;
  }

  structureCell(): Cell {
    return (this.structure ??= new Cell(this, STRUCTURE, ''));
  }

  /** An array's location of every element as read at once (Wide.elements), made now if it has none. */
  elementsCell(): Cell {
    const w = this.widen();
    return (w.elements ??= new Cell(this, ELEMENTS, ''));
  }

  /** Whether the running stretch iterated the array already and nothing about it changed since. */
  iteratedIn(now: number): boolean {
    const w = this.wide;
    return w !== null && w.iteratedEpoch === now && w.iteratedGen === this.gen;
  }

  /** Notes an iteration read by the running stretch (see Wide.iteratedEpoch), after it was recorded. */
  noteIterated(now: number): void {
    const w = this.widen();
    w.iteratedEpoch = now;
    w.iteratedGen = this.gen;
  }

  /** The elements' location if an iteration made one, else null. */
  get elementsRead(): Cell | null {
    const w = this.wide;
    return w === null ? null : w.elements;
  }

  /** The location of every element or key at once; a held move becomes its first record. */
  bulkCell(): Cell {
    const b = this.bulk;
    if (b instanceof Cell) return b;
    const c = new Cell(this, EVERY, '');
    this.bulk = c;
    if (b !== null) {
      this.gen++;
      recordHeld(c, b.info, -1, b.site, b.update, false);
    }
    return c;
  }

  /**
   * Holds a move of the elements made in `move.info`'s stretch: the first move of the array, or one
   * more in the stretch that made the held one (which, as a repeated write, adds nothing). False: the
   * order needs its location (another stretch moved the elements before), and the caller writes it.
   */
  holdMove(move: HeldMove): boolean {
    const b = this.bulk;
    if (b === null) {
      if (!heldMoves.enabled) return false;
      this.bulk = move;
      this.gen++;
      return true;
    }
    return !(b instanceof Cell) && b.info === move.info;
  }
}

// Shadows live in a private field on the object itself (see tag.ts): invisible to the program, and about
// 40 times cheaper than a WeakMap lookup. Before an object has a shadow, the same field holds the site
// that created it: one field per object, not two, so an object the detector tags changes its hidden
// class once.
const shadows = createTag<Shadow | number>();

export function noteCreation(obj: object, site: number): void {
  const s = shadows.get(obj);
  if (s === undefined) shadows.set(obj, site);
  // A constructor's own accesses made the shadow before `new` returned.
  else if (typeof s === 'object' && s.created < 0) s.created = site;
}

/** The object's shadow, or its creation site (a number) or undefined while it has none. */
export function shadowOrSite(obj: object): Shadow | number | undefined {
  return shadows.get(obj);
}

export function newShadow(obj: object, proto: object | null, type: ObjectType, created: number): Shadow {
  if (failInAccess) failpoint('access');
  const s = new Shadow(proto, type, created);
  shadows.set(obj, s);
  return s;
}
