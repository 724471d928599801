// The runtime entry points that instrumented code calls, installed as the global `__rd$`.
//
// Member accesses are rewritten "record, then let the engine do it": `o.p` becomes
// `__rd$.r(o, "p", site).p`, so the property get itself is still the program's own, with its own strict
// or sloppy semantics, getters, `this`, and error messages. Computed keys are converted to property
// keys once here and handed back through `__rd$.k`, so a key's toString runs once, as it would.
// Collections are told apart by brand checks (util.types), never by proxies or patched prototypes.

import { types } from 'node:util';
import { AsyncContext, awaiting, current, setCurrent, callbackContext, epoch, era, main, nextEpoch, onSegmentEnd } from './context.js';
import { onIterate, onRead, onWrite, flushCandidates, readRepeats, reserveSeq, sameStretch } from './detect.js';
import { noteExitTest, setExitTestLocator } from './exit-tests.js';
import { Cell, type EpochInfo, type HeldMove, MAX_HELD_SITE, ObjectType, type Shadow, newShadow, noteCreation, shadowOrSite, weakable } from './shadow.js';
import { registerFile } from './sites.js';
import { noteOrigin } from './function-source.js';
import { locationKey } from './keys.js';
import { EMPTY as EMPTY_CLOCK } from './clock.js';
import { CreationStacks } from './creation.js';
import { claimOwnPromise, hookFailed } from './hooks.js';
import { onCollection } from './collections.js';
import { guideAccess, guideAwait } from './guide.js';
import { type ImportHandle, importHandle, importedCell, registerExports } from './imports.js';
import { apply, SafeMap, SafeSet } from './primordials.js';
import { watchedIterator } from './iteration.js';
import { KEEPS_KEY, RETURNS_FIRST, keyOnly, same } from './inert.js';

const { isMap, isPromise, isSet, isProxy, isTypedArray, isWeakMap, isWeakSet } = types;
// Object.hasOwn, not hasOwnProperty.call: a program may replace Function.prototype.call; and the
// statics below as they were at load, for the same reason (see primordials.ts).
const hasOwn = Object.hasOwn;
const isArray = Array.isArray;
const getPrototypeOf = Object.getPrototypeOf;
const ownKeys = Reflect.ownKeys;
const PromisePrototype = Promise.prototype;
// Called as plain functions (`mapHas(map, key)`): no argument array per call, as Reflect.apply needs,
// and still the original methods whatever the program later does to the prototypes or to `call`.
const mapHas = Function.prototype.call.bind(Map.prototype.has) as (m: object, key: unknown) => boolean;
const setHas = Function.prototype.call.bind(Set.prototype.has) as (s: object, key: unknown) => boolean;

let enabled = true;
/** False between sampling windows (see setTracking). */
let on = true;
/** Nestable: while > 0, accesses are not recorded (racedetect's `ignore()` annotation). */
let ignoreDepth = 0;
/** on && enabled && ignoreDepth === 0, kept as one flag: every access reads it. */
let recording = true;
function updateRecording(): void {
  recording = on && enabled && ignoreDepth === 0;
}
/**
 * Between sampling windows the entry points do nothing at all (`idle`): even a checked flag in each of
 * them cost 5% of a server's time. `__rd$` is one constant object whose entry points live on its
 * prototype, and a window edge swaps that prototype. V8 inlines a function read from a constant
 * object's prototype and, after an edge, re-optimizes with the other prototype's. Assigning the
 * functions to the object itself instead makes its fields variable for good: from the second window on,
 * every access between windows was a real call (a 400,000-request server ran 1.32x in one round; with
 * the swapped prototype it runs 1.03-1.09x).
 * The real entry points still check `on`: a call's callee is looked up before its arguments are
 * evaluated, so in `__rd$.rs(await ..., T)` or `__rd$.r(await f(), "p", S)` the real function,
 * fetched before the await, runs after it, when the window may have closed.
 */
export function setTracking(value: boolean): void {
  if (on === value) return;
  on = value;
  updateRecording();
  era.tracking = value;
  Object.setPrototypeOf(api, value ? liveEntries : idleEntries);
}
export function setIgnore(delta: number): void {
  ignoreDepth = ignoreDepth + delta > 0 ? ignoreDepth + delta : 0;
  updateRecording();
  // Accesses repeated at a site inside and after ignore() are not the same (see isRepeat).
  nextEpoch();
}
export function disableTracking(): void {
  enabled = false;
  updateRecording();
}

function active(): boolean {
  return recording;
}

function typeOf(o: object): ObjectType {
  if (isProxy(o)) return ObjectType.Proxy;
  if (isArray(o)) return ObjectType.Array;
  if (isMap(o)) return ObjectType.Map;
  if (isSet(o)) return ObjectType.Set;
  if (isTypedArray(o)) return ObjectType.TypedArray;
  if (isWeakMap(o) || isWeakSet(o)) return ObjectType.Weak;
  return ObjectType.Plain;
}

/** The object's shadow, created on its first tracked access (brand checks run once per object). */
function shadow(o: object): Shadow {
  // Code touches a few objects several times each (`e.hits++; stats.n++; e.score = ...; e.tags[0]`):
  // the last four objects' shadows are kept at hand, which spares the private-field lookup,
  // megamorphic in real programs (~26 ns). The references are dropped when the segment ends, so
  // nothing is kept alive.
  if (o === recent0) return shadow0!;
  if (o === recent1) return shadow1!;
  if (o === recent2) return shadow2!;
  if (o === recent3) return shadow3!;
  let s = shadowOrSite(o);
  if (typeof s !== 'object') {
    const type = typeOf(o);
    s = newShadow(o, type === ObjectType.Proxy ? null : getPrototypeOf(o), type, s ?? -1);
  }
  // Round robin: the slot filled longest ago goes.
  switch (recentNext) {
    case 0:
      recent0 = o;
      shadow0 = s;
      break;
    case 1:
      recent1 = o;
      shadow1 = s;
      break;
    case 2:
      recent2 = o;
      shadow2 = s;
      break;
    default:
      recent3 = o;
      shadow3 = s;
  }
  recentNext = (recentNext + 1) & 3;
  return s;
}

let recent0: object | null = null;
let shadow0: Shadow | null = null;
let recent1: object | null = null;
let shadow1: Shadow | null = null;
let recent2: object | null = null;
let shadow2: Shadow | null = null;
let recent3: object | null = null;
let shadow3: Shadow | null = null;
let recentNext = 0;
function forgetRecentShadows(): void {
  recent0 = recent1 = recent2 = recent3 = null;
  shadow0 = shadow1 = shadow2 = shadow3 = null;
}
onSegmentEnd(forgetRecentShadows);

// Everything here that holds the program's objects lets go of them around collections (collections.ts).
onCollection(() => {
  forgetRecentShadows();
  doneObject = doneKey = undefined;
  for (const site of filledSites) sites[site] = NO_RECORD;
  filledSites.length = 0;
});

/**
 * ToPropertyKey, once, as the engine would: the rewritten access reads the result back through
 * `__rd$.k`. Array indices stay numbers (no number-to-string conversion per element access), and a
 * string that spells an index becomes that number, so `a[3]` and `a["3"]` are one location.
 */
type PropKey = string | symbol | number;

/**
 * Hands the key to the rewritten access (`__rd$.k`) as the entry point returns, after recording: the
 * recording may run the program's own code (a built-in it replaced, a getter), whose computed accesses
 * set `__rd$.k` too, and the engine must read this access's key, not theirs.
 */
function handBack(o: unknown, k: PropKey): unknown {
  api.k = k;
  return o;
}

function toKey(key: unknown): PropKey {
  if (typeof key === 'number' || typeof key === 'string') return locationKey(key);
  if (typeof key === 'symbol') return key;
  if ((typeof key === 'object' && key !== null) || typeof key === 'function') {
    // An object's toPrimitive may return a symbol.
    return ownKeys({ [key as unknown as PropertyKey]: 0 })[0];
  }
  return `${key as string}`;
}

function isIndex(key: PropKey): boolean {
  return typeof key === 'number';
}

function isObject(o: unknown): o is object {
  return (typeof o === 'object' && o !== null) || typeof o === 'function';
}

/** Whether a property get of `key` on the object reads its structure (see propertyCell). */
function isStructureKey(sh: Shadow, key: PropKey): boolean {
  switch (sh.type) {
    case ObjectType.Map:
    case ObjectType.Set:
      return key === 'size';
    case ObjectType.Array:
    case ObjectType.TypedArray:
      return key === 'length';
    default:
      return false;
  }
}

/** Which location a property get/set on `o` touches (null: none we track, e.g. a Map's methods). */
function propertyCell(sh: Shadow, key: PropKey): Cell | null {
  switch (sh.type) {
    case ObjectType.Map:
    case ObjectType.Set:
      return key === 'size' ? sh.structureCell() : null;
    case ObjectType.Array:
    case ObjectType.TypedArray:
      if (key === 'length') return sh.structureCell();
      return isIndex(key) ? sh.cell(key) : null;
    case ObjectType.Weak:
      return null;
    default:
      return sh.cell(key);
  }
}

// What each site remembers of its last access, in one record per site (one cache line, written once
// per access): the object and key it touched and the location that meant, and whether that access
// can stand for the next one.
//
// The location: a site in a loop usually touches the same object again; the record skips the shadow
// and key lookups, and when the same flow already touched the location in this segment, the access
// is done (FastTrack's same epoch).
//
// The repeat: the epoch the access was made in and the generation of the shadow it went through
// (Shadow.gen) right after it. The same access again, in the same epoch, with the shadow unchanged,
// is a no-op for the detector as it was the first time (or was recorded then, which makes the repeat
// a no-op) - so it is answered from the record, before any shadow lookup: a loop's `stats.n++` or
// module `let` costs compares, not a runtime walk. One thing this cannot see: a key deleted by code
// that is not instrumented, then added again at the same site in the same stretch, adds no structure
// write (the deletion was not seen either).
//
// Holds one object per site at most, let go of around collections. The array is filled as files
// register their sites, so it stays dense: written first at scattered high indices (a large program's
// sites, in the order its code happens to run), V8 would keep it as a dictionary and every access
// would pay a hash lookup here.
class SiteRecord {
  object: unknown = undefined;
  key: unknown = undefined;
  /** The location of `key` on `object`; null: none tracked; undefined: not looked up (a repeat only). */
  cell: Cell | null | undefined = undefined;
  epoch = 0;
  /** The shadow (or variable cell) the repeatable access went through; null: not a repeat. */
  holder: { gen: number } | null = null;
  generation = 0;
}
/** Every site's record until its first access (epoch 0 matches none). Never written. */
const NO_RECORD = new SiteRecord();
const sites: SiteRecord[] = [];
/** Sites with a record of their own, so that a collection visits only those. */
const filledSites: number[] = [];

function reserveSites(count: number): void {
  while (sites.length < count) sites[sites.length] = NO_RECORD;
}

/** The site's own record, made on its first access; undefined for a site no file reserved. */
function recordOf(site: number): SiteRecord | undefined {
  let r = sites[site];
  if (r === NO_RECORD) {
    r = sites[site] = new SiteRecord();
    filledSites[filledSites.length] = site;
  }
  return r;
}

// What the access did, folded into its generation (gen * 4 + kind): a site is one expression and
// one kind of access, but a repeat must never stand in for an access of another kind.
const READ = 0;
const WRITE = 1;
const UPDATE = 2;
const METHOD = 3;

function isRepeat(o: unknown, key: unknown, site: number, kind: number): boolean {
  const r = sites[site];
  // undefined: code of a file whose registration has not run yet (a circular import calls into a
  // module before its top level: its `__rdS` is still undefined and the site NaN). Never a throw.
  if (r === undefined || r.epoch !== epoch || r.object !== o || r.key !== key) return false;
  const h = r.holder;
  return h !== null && h.gen * 4 + kind === r.generation;
}

/** After an access: `h` is the shadow (or variable cell) it went through; null: nothing to note. */
function noteRepeatable(o: unknown, key: unknown, site: number, kind: number, h: { gen: number } | null): void {
  if (h === null) return;
  const r = recordOf(site);
  if (r === undefined) return;
  if (r.object !== o || r.key !== key) {
    r.object = o;
    r.key = key;
    r.cell = undefined;
  }
  r.epoch = epoch;
  r.holder = h;
  r.generation = h.gen * 4 + kind;
}

function cached(o: unknown, key: unknown, site: number): Cell | null | undefined {
  const r = sites[site];
  if (r === undefined || r.object !== o || r.key !== key) return undefined;
  const c = r.cell;
  return c !== null && c !== undefined && c.removed ? undefined : c;
}

/** The location an access at `site` found; it stands for no repeat until noteRepeatable says so. */
function remember(o: unknown, key: unknown, site: number, c: Cell | null): void {
  const r = recordOf(site);
  if (r === undefined) return;
  r.object = o;
  r.key = key;
  r.cell = c;
  r.holder = null;
}

/**
 * A read of the site's last object and key, whose location the running flow already read in this
 * segment (or one nobody tracks): nothing new to record. Covered by an earlier read only: after the
 * flow's own write, its next read starts a new read-await-write window and is recorded (detect.ts,
 * onRead), so the stretch's last access must have been a read.
 */
function alreadyRead(o: unknown, key: unknown, site: number): boolean {
  const c = cached(o, key, site);
  if (c === null) return true;
  return c !== undefined && !c.removed && !c.fastWrite && ignoreDepth === 0 && sameStretch(c, current) && enabled;
}

/** A read in the test of a loop that awaits: always recorded, as a poll (see detect.ts). */
function pollProp(o: unknown, key: PropKey, site: number): void {
  if (!isObject(o) || !active()) return;
  try {
    let c = cached(o, key, site);
    if (c === undefined) c = locate(o, key, site);
    if (c !== null) {
      onRead(c, site, 'poll');
      if (typeof key === 'number' && c.owner !== null && c.owner.bulk !== null) readOrder(c.owner, key, site, 'poll');
    }
  } catch (e) {
    runtimeFailed(e);
  }
}

// The running flow's stretch as held accesses record it (see Shadow.holdRead); one object per epoch
// that holds anything.
let heldEpoch: EpochInfo | null = null;

function epochInfo(): EpochInfo {
  if (heldEpoch === null || heldEpoch.id !== epoch) {
    const ctx = current;
    heldEpoch = { id: epoch, ctx, seg: ctx.segment, slot: ctx.slot, time: ctx.time, vc: ctx.vc, timed: ctx.timed, via: ctx.awaitSite, era: era.id, seq: reserveSeq() };
  }
  return heldEpoch;
}

/** The location a property access on `o` touches, remembered for the site. */
function locate(o: object, key: PropKey, site: number): Cell | null {
  const sh = shadow(o);
  const gen = sh.gen;
  const c = propertyCell(sh, key);
  remember(o, key, site, c);
  if (c !== null && sh.gen !== gen) forgetIfAbsent(o, sh, key);
  return c;
}
// An exit test's object and key become a location only when a write asks (exit-tests.ts).
setExitTestLocator((o, key, site) => (active() ? locate(o, key as PropKey, site) : null));

/**
 * A read made or revived the location of a key the object may not hold: a negative-cache lookup
 * (`hits[key]`), an `in` test against a blocklist object, each with a new key per request. Kept live,
 * every such key cost a location for the rest of the run (about 700 bytes); kept as a deleted key's
 * is (a Map's `get` of a key it lacks is kept the same way), it waits for a write of the key and goes in
 * the next sweep if none comes. The read's record is already in it, so a check-then-set across an
 * await still meets it while the key is pending. Proxies are left alone (asking them would run the
 * program's traps), and so is any object with a proxy on its prototype chain.
 */
function forgetIfAbsent(o: object, sh: Shadow, key: PropKey): void {
  if (sh.type === ObjectType.Plain && !heldOrProxied(o, key)) sh.removeCell(key);
}

/**
 * Whether `o` or an object on its prototype chain holds `key` (null: no key, only proxies asked for), or
 * a proxy comes first on the chain, whose answer only its traps could give. Never runs the program's code.
 */
function heldOrProxied(o: object, key: PropKey | null): boolean {
  for (let p: object | null = o; p !== null; p = getPrototypeOf(p)) {
    if (isProxy(p) || (key !== null && hasOwn(p, key))) return true;
  }
  return false;
}

/**
 * A property read (`o.p`, `o[k]`, a destructured key, the read half of `o.p += await v`): the per-site cache, then the location, then the same-epoch
 * check, each step skipped as soon as the access is known to add nothing. Only a read that is new for
 * this flow and segment reaches the race checks. Returns the shadow the read went through (whose
 * generation guards a repeat at the site, see isRepeat), or null when none was.
 */
function plainRead(o: unknown, key: PropKey, site: number): Shadow | null {
  if (!isObject(o) || !active()) return null;
  try {
    let c = cached(o, key, site);
    if (c === null) return null;
    let sh: Shadow;
    // The location was made or revived by this read (see forgetIfAbsent).
    let made = false;
    if (c !== undefined) {
      sh = c.owner!;
      if (typeof key === 'number' && sh.bulk !== null) readOrder(sh, key, site, 'read');
    } else {
      sh = shadow(o);
      if (sh.coveredAt(key, epoch)) return sh;
      // An array's `length` or a collection's `size` reads the structure, which has no epoch mark:
      // answered by its location when that says the read repeats (`if (h.length >= 8) h.shift()` on
      // each pass), before the held paths, which never hold it.
      const st = sh.structure;
      if (st !== null && isStructureKey(sh, key) && readRepeats(st)) return sh;
      if (typeof key === 'number' && sh.bulk !== null) readOrder(sh, key, site, 'read');
      if (sh.holds && site <= MAX_HELD_SITE) {
        if (!current.prepareAccess()) return null;
        if (sh.holdRead(key, site, epochInfo())) return sh;
      }
      if (typeof key === 'number' && sh.type === ObjectType.Array && site <= MAX_HELD_SITE) {
        if (!current.prepareAccess()) return null;
        if (sh.holdIndexRead(key, site, epochInfo(), (o as unknown[]).length)) return sh;
      }
      const gen = sh.gen;
      c = propertyCell(sh, key);
      remember(o, key, site, c);
      if (c === null) return null;
      made = sh.gen !== gen;
    }
    onRead(c, site, 'read');
    sh.cover(key, epoch);
    if (made) forgetIfAbsent(o, sh, key);
    return sh;
  } catch (e) {
    runtimeFailed(e);
    return null;
  }
}

/**
 * An element access reads the order of the elements once a mutator has moved them (Shadow.bulk): what
 * sits at an index depends on it. Only then, and only for an index (the callers test the key first, so
 * that reading `.length` of a shifted array costs no call).
 */
function readOrder(sh: Shadow, key: number, site: number, mode: 'read' | 'poll'): void {
  if (sh.type !== ObjectType.Array) return;
  const b = sh.bulk!;
  // A move held by this very stretch: the flow reads its own order, nothing to check.
  if (!(b instanceof Cell) && b.info.id === epoch) return;
  onRead(sh.bulkCell(), site, mode);
}

/** The held move of the running stretch at `site` (see Shadow.holdMove); one object per stretch and site. */
let lastMove: HeldMove | null = null;

/** A mutator that moves elements writes their order (Shadow.bulk), held while its stretch is the only one. */
function writeOrder(sh: Shadow, site: number, update: boolean): void {
  const b = sh.bulk;
  // This stretch moved them already (a held move, or a write of the order made in this stretch).
  if (b !== null && (b instanceof Cell ? sameStretch(b, current) && b.fastWrite && (!update || b.fastRead) : b.info.id === epoch)) return;
  if (!current.prepareAccess()) return;
  const info = epochInfo();
  let move = lastMove;
  if (move === null || move.info !== info || move.site !== site || move.update !== update) lastMove = move = { info, site, update };
  if (!sh.holdMove(move)) onWrite(sh.bulkCell(), site, update);
}

/** A property write (or update); returns the shadow it went through, as plainRead does. */
function writeProp(o: unknown, key: PropKey, site: number, update: boolean): Shadow | null {
  if (!isObject(o) || !active()) return null;
  try {
    const sh = shadow(o);
    // Already written by this flow in this synchronous stretch: nothing new, and no key was added
    // since (a delete or an added key wrote the structure in this same stretch already). An update
    // also reads: that is covered only by a read in the stretch (see Shadow.coveredAt).
    if (update ? sh.updateCoveredAt(key, epoch) : sh.writeCoveredAt(key, epoch)) return sh;
    // Adding a key changes the object's structure (key set and order); proxies are left alone, since
    // asking them whether a key exists would run the program's traps.
    if (sh.type === ObjectType.Array) {
      // `xs.length = 0` empties the array whatever it held: a write of its structure, as a Map's
      // clear() is (`xs.length++` stays an update); an append to the end is an update, as push is.
      if (key === 'length') onWrite(sh.structureCell(), site, update);
      else if (isIndex(key) && (key as unknown as number) >= (o as unknown[]).length) onWrite(sh.structureCell(), site, true);
      // Which element a write replaces depends on the order (an append replaces none).
      else if (typeof key === 'number' && sh.bulk !== null) readOrder(sh, key, site, 'read');
    } else if (sh.type === ObjectType.Plain && !hasOwn(o, key)) {
      onWrite(sh.structureCell(), site, true);
    }
    if (sh.holds && key !== 'length' && site <= MAX_HELD_SITE) {
      if (!current.prepareAccess()) return null;
      if (sh.holdWrite(key, site, update, epochInfo())) return sh;
    }
    const c = propertyCell(sh, key);
    remember(o, key, site, c);
    if (c === null) return null;
    if (c !== sh.structure) {
      // An element there now may have been read by an iteration (detect.ts, iterationWindow).
      onWrite(c, site, update, sh.type === ObjectType.Array && typeof key === 'number' && key < (o as unknown[]).length);
      sh.coverWrite(key, epoch);
    }
    return sh;
  } catch (e) {
    runtimeFailed(e);
    return null;
  }
}

/** A failure in the detector's own bookkeeping must never reach the program: report once, stop tracking. */
function runtimeFailed(e: unknown): void {
  enabled = false;
  updateRecording();
  hookFailed('access tracking', e, 'no more accesses are recorded; the program runs on');
}

/**
 * The array methods that change the array, and whether they change what sits at an index that was
 * there before (push and pop do not): those write the order of the elements too.
 */
const ARRAY_MUTATORS = new SafeMap([
  ['push', false],
  ['pop', false],
  ['shift', true],
  ['unshift', true],
  ['splice', true],
  ['sort', true],
  ['reverse', true],
  ['fill', true],
  ['copyWithin', true],
]);
const ITERATORS = new SafeSet(['forEach', 'keys', 'values', 'entries']);
/**
 * Array methods that look at the elements (any of them may be the one they return or stop at): a read
 * of every element at once (Shadow.elementsCell), as an iteration of the array is. `at` reads one.
 */
const ELEMENT_READERS = new SafeSet([
  'indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'forEach',
  'map', 'filter', 'flatMap', 'flat', 'reduce', 'reduceRight', 'join', 'toString', 'toLocaleString', 'slice', 'concat',
  'entries', 'values', 'toSorted', 'toReversed', 'toSpliced', 'with',
]);

/**
 * The per-site cache's key for a call whose receiver is no collection (an instance's own method, a
 * module namespace's function): such a call touches no location, and an object's kind never changes.
 */
const NOT_A_COLLECTION = Symbol('not a collection');

/** A method call on a collection: which locations it reads and writes. */
function methodAccess(o: unknown, name: string, site: number, arg: unknown, hasArg: boolean): Shadow | null {
  const r = sites[site];
  if (r !== undefined && r.object === o && r.key === NOT_A_COLLECTION) return null;
  if (!isObject(o) || !active()) return null;
  try {
    const sh = shadow(o);
    if (sh.type === ObjectType.Map || sh.type === ObjectType.Set) collectionAccess(o, sh, name, site, arg, hasArg);
    else if (sh.type === ObjectType.Weak) weakAccess(o, sh, name, site, arg, hasArg);
    else if (sh.type === ObjectType.Array) {
      const moves = ARRAY_MUTATORS.get(name);
      if (moves !== undefined) {
        // `splice(i, ...)` at an index inside the array acts on whatever sits at i now: an i found
        // before an await (indexOf, findIndex, a length) was a read of the structure, and this
        // write closes that read's window. push, pop, shift and splice(0) act on an end, whatever
        // is there: updates.
        const positional = name === 'splice' && hasArg && typeof arg === 'number' && arg > 0 && arg < (o as unknown[]).length;
        onWrite(sh.structureCell(), site, !positional);
        // Moving elements writes every element (Shadow.bulk); sort, splice and the others read them
        // too, fill only writes.
        if (moves) writeOrder(sh, site, name !== 'fill');
      } else if (typeof (Array.prototype as unknown as Record<string, unknown>)[name] === 'function') {
        if (ELEMENT_READERS.has(name)) readElements(sh, site);
        else {
          onRead(sh.structureCell(), site, 'read');
          if (name === 'at' && hasArg) readAt(o as unknown[], arg, site);
        }
      }
    } else {
      // A call on no collection: answered by the record from now on (and never as a repeat).
      remember(o, NOT_A_COLLECTION, site, null);
      return null;
    }
    return sh;
  } catch (e) {
    runtimeFailed(e);
    return null;
  }
}

function collectionAccess(o: object, sh: Shadow, name: string, site: number, arg: unknown, hasArg: boolean): void {
  const isMapType = sh.type === ObjectType.Map;
  switch (name) {
    case 'get':
    case 'has':
      if (hasArg) {
        // A location made or revived now (the shadow's generation moved) may be that of a key the
        // collection does not have: a blocklist checked for every client's address, a cache asked
        // for keys it never gets. Kept as a deleted key's is, it goes in the next sweep; kept as a
        // live one, every such key cost a location for the rest of the run.
        const gen = sh.gen;
        const c = sh.cell(arg);
        const made = sh.gen !== gen;
        remember(o, arg, site, c);
        onRead(c, site, 'read');
        if (made && !(isMapType ? mapHas(o, arg) : setHas(o, arg))) sh.removeCell(arg);
      }
      return;
    case 'set':
    case 'add': {
      const present = isMapType ? mapHas(o, arg) : setHas(o, arg);
      if (!present) onWrite(sh.structureCell(), site, true);
      // A key there now may have been iterated (detect.ts, iterationWindow).
      onWrite(sh.cell(arg), site, false, present);
      return;
    }
    case 'delete': {
      const present = isMapType ? mapHas(o, arg) : setHas(o, arg);
      if (present) onWrite(sh.structureCell(), site, true);
      onWrite(sh.cell(arg), site, false, present);
      sh.removeCell(arg);
      return;
    }
    case 'clear':
      // A write of every key: those with a location now, and through the collection's bulk
      // location those that get one later (Shadow.bulk).
      onWrite(sh.structureCell(), site, false);
      for (const c of sh.allCells()) onWrite(c, site, false);
      onWrite(sh.bulkCell(), site, false);
      sh.clear();
      return;
    default:
      if (ITERATORS.has(name)) {
        onRead(sh.structureCell(), site, 'read');
        onIterate(sh.bulkCell(), site);
      }
  }
}

/**
 * A WeakMap's or WeakSet's method: one location per key, as a Map's. No structure: a weak collection
 * has no size, no iteration and no clear(), so adding or deleting a key shows only in that key. A key
 * that cannot be held weakly is never in the collection (`get` and `has` answer nothing, `set`
 * throws) and has no location.
 */
function weakAccess(o: object, sh: Shadow, name: string, site: number, arg: unknown, hasArg: boolean): void {
  if (!hasArg || !weakable(arg)) return;
  switch (name) {
    case 'get':
    case 'has': {
      const c = sh.cell(arg);
      remember(o, arg, site, c);
      onRead(c, site, 'read');
      return;
    }
    case 'set':
    case 'add':
    case 'delete':
      onWrite(sh.cell(arg), site, false);
  }
}

/** Reads of a whole object's key set or a collection's contents (spread, for-in, Object.keys, for-of). */
function structureRead(o: unknown, site: number, kind: 'read' | 'iterate'): void {
  if (!isObject(o) || !active() || typeof o === 'function') return;
  try {
    const sh = shadow(o);
    if (sh.type !== ObjectType.Proxy && sh.type !== ObjectType.Weak) onRead(sh.structureCell(), site, kind);
    // A Map's or Set's iteration reads every key too (detect.ts, onIterate); an object's values are
    // read one by one by the built-ins that copy them (readValues).
    if (sh.type === ObjectType.Map || sh.type === ObjectType.Set) onIterate(sh.bulkCell(), site);
  } catch (e) {
    runtimeFailed(e);
  }
}

/**
 * A read of an array's structure and of every element at once (an iteration, or a method that looks
 * at the elements); nothing new when the running stretch did so already and nothing changed since.
 */
function readElements(sh: Shadow, site: number): void {
  if (sh.iteratedIn(epoch)) return;
  onRead(sh.structureCell(), site, 'read');
  onIterate(sh.elementsCell(), site);
  sh.noteIterated(epoch);
}

/** `xs.at(i)`: a read of the element it returns, if any (a negative index counts from the end). */
function readAt(xs: unknown[], arg: unknown, site: number): void {
  if (typeof arg !== 'number' || !(arg === arg) || arg === Infinity || arg === -Infinity) return;
  // Truncated as `at` does, without Math (the program may have replaced it).
  const n = arg - (arg % 1);
  const i = n < 0 ? xs.length + n : n;
  if (i >= 0 && i < xs.length) plainRead(xs, i, site);
}

/** Wraps a collection for a for-of loop whose body awaits: each step reads the structure again. */
function iterateAcross<T>(iterable: Iterable<T>, site: number): Iterable<T> {
  if (!isObject(iterable) || !(isArray(iterable) || isMap(iterable) || isSet(iterable))) return iterable;
  return {
    [Symbol.iterator]() {
      return watchedIterator(iterable[Symbol.iterator](), () => structureRead(iterable, site, 'iterate'));
    },
  };
}

// Async function contexts

// Each async function's first calls get their own creation stack, later ones share one (creation.ts).
const asyncStacks = new CreationStacks('racedetect context');

// Between sampling windows async functions get this placeholder: no context, nothing to switch.
const OFF = new AsyncContext('async', EMPTY_CLOCK);

function enter(site: number): AsyncContext {
  if (!on) return OFF;
  const ctx = begin(site);
  claimOwnPromise(ctx);
  return ctx;
}

/**
 * An async generator's body, started by its first `next()`: a flow like an async function's, but
 * with no promise of its own (each `next()` makes one), and resumed after each yield by the consumer's
 * next `next()`, inside the consumer's stretch: whatever it runs until it suspends again comes before
 * the rest of that stretch, as an async callee's synchronous prefix does (see suspend).
 */
function enterGenerator(site: number): AsyncContext {
  if (!on) return OFF;
  const ctx = begin(site);
  ctx.generator = true;
  return ctx;
}

function begin(site: number): AsyncContext {
  const caller = current;
  const ctx = new AsyncContext('async', caller.forkClock());
  ctx.fnSite = site;
  ctx.timed = caller.timed;
  // What queue order put before the caller is before the call too (AsyncContext.queued).
  ctx.queued = caller.queued;
  ctx.returnTo = caller;
  if (active()) {
    ctx.creation = asyncStacks.take(site);
    if (caller.kind === 'callback') ctx.startedBy = caller.creation;
  }
  setCurrent(ctx);
  return ctx;
}

/** Before an await suspends `ctx`: control goes back to whoever resumed or called it. */
function suspend(ctx: AsyncContext, site: number): void {
  if (!on || ctx === OFF) return;
  if (current !== ctx) resume(ctx);
  ctx.awaitSite = site;
  ctx.state = 'suspended';
  const back = ctx.returnTo ?? callbackContext();
  ctx.returnTo = null;
  // The first suspension returns to the caller, which continues after the callee's synchronous
  // prefix; a generator's every suspension returns to the stretch that resumed it (a consumer's
  // `next()`, or the reaction that settles the consumer's promise with the yielded value).
  if (ctx.segment === 0 || ctx.generator) back.acquire(ctx.stamp());
  setCurrent(back);
}

/** After an await resumes `ctx`: the reaction's clock (the settler's) flows into the flow's own. */
function resume(ctx: AsyncContext): void {
  if (!on || ctx === OFF) return;
  const reaction = current;
  if (reaction === ctx) return;
  ctx.acquireClock(reaction.vc);
  if (reaction.slot >= 0) ctx.acquire(reaction.stamp());
  ctx.timed = reaction.timed;
  ctx.newSegment();
  ctx.state = 'running';
  ctx.returnTo = reaction;
  setCurrent(ctx);
}

function leave(ctx: AsyncContext): void {
  if (!on || ctx === OFF) return;
  if (current !== ctx) resume(ctx);
  // Returning to a flow that waits for this one's result: what it read goes to that flow (kept in
  // awaitedBy, see AsyncContext).
  const by = ctx.awaitedBy;
  if (by !== null && by.awaitsFlow !== ctx) ctx.awaitedBy = null;
  ctx.finish();
  const back = ctx.returnTo ?? callbackContext();
  ctx.returnTo = null;
  back.acquire(ctx.stamp());
  setCurrent(back);
}

// Calls and assignments announced before their arguments or value are evaluated, completed after.
// The stack belongs to the running context: an await inside the arguments suspends the flow, and its
// entries wait on its own stack while other flows push and pop theirs. The stack's array keeps its
// length and a separate top moves (AsyncContext.pendingTop): an array pushed to four entries and
// popped empty on every call gave its backing store back and took a new one each time (70-100 ns a
// call, the largest cost of a loop of `map.get(f(i))`; 9 ns with the top).
function announce(o: unknown, name: unknown, site: number): void {
  if (!on) return;
  const ctx = current;
  ctx.freshPending();
  const pending = (ctx.pending ??= []);
  const top = ctx.pendingTop;
  pending[top] = o;
  pending[top + 1] = name;
  pending[top + 2] = site;
  pending[top + 3] = undefined;
  ctx.pendingTop = top + 4;
}

// What `complete` popped (module variables: no allocation per call).
let doneObject: unknown;
let doneName: unknown;
let doneSite = -1;
let doneKey: unknown;

function complete(): boolean {
  if (!on) return false;
  const ctx = current;
  ctx.freshPending();
  const p = ctx.pending;
  const top = ctx.pendingTop;
  if (p === null || top < 4) return false;
  doneKey = p[top - 1];
  doneSite = p[top - 2] as number;
  doneName = p[top - 3];
  doneObject = p[top - 4];
  dropPending(p, top, top - 4);
  ctx.pendingTop = top - 4;
  return true;
}

/** Clears entries `to`..`from` - 1 of a pending stack: what it no longer holds, it must not keep alive. */
function dropPending(p: unknown[], from: number, to: number): void {
  for (let i = to; i < from; i++) p[i] = undefined;
}

// Properties read and written by operators and built-ins rather than member expressions: `k in o`,
// Object.hasOwn, Reflect.has, hasOwnProperty (reads of o[k]), Reflect.set and Object.defineProperty
// (writes of o[k]) and Object.assign (writes of the target's properties, one per key of each source).
// The calls are announced with their object (`ca`) and recorded when their last argument is evaluated,
// as collection calls are; the built-in itself still runs in the program's own code.

const objectKeys = Object.keys;
const ownSymbols = Object.getOwnPropertySymbols;
const isEnumerable = Function.prototype.call.bind(Object.prototype.propertyIsEnumerable) as (o: object, key: PropertyKey) => boolean;
/** The name `ca` announces its calls under (never a collection method's). */
const KEYED_CALL = Symbol('keyed call');

/**
 * A key the program passes to a built-in, as a location key, or undefined for an object key: the
 * built-in converts it itself, and converting it here too would run its toString twice. (`in`, an
 * operator, hands its converted key back instead, see `hi`.)
 */
function primitiveKey(key: unknown): PropKey | undefined {
  if (typeof key === 'number' || typeof key === 'string') return locationKey(key);
  if (typeof key === 'symbol') return key;
  if ((typeof key === 'object' && key !== null) || typeof key === 'function') return undefined;
  return locationKey(`${key as string}`);
}

/** Object.assign copying `source` into `target`: reads the source's key set, writes the target's copied keys. */
function assignFrom(target: object, source: unknown, site: number, fresh: boolean): void {
  // A proxy would see its ownKeys trap called; a primitive source is not tracked.
  if (!isObject(source) || isProxy(source) || !active()) return;
  // Its key set, and the values it copies (as `{ ...source }` reads them).
  if (!fresh) readValues(source, site, false);
  try {
    const keys = objectKeys(source);
    for (let i = 0; i < keys.length; i++) writeProp(target, locationKey(keys[i]), site, false);
    const symbols = ownSymbols(source);
    for (let i = 0; i < symbols.length; i++) if (isEnumerable(source, symbols[i])) writeProp(target, symbols[i], site, false);
  } catch (e) {
    runtimeFailed(e);
  }
}

// Values read by built-ins: JSON.stringify(v) and structuredClone(v) read every value they copy,
// however deep, Object.values and Object.entries the object's own. `await sleep(); save(JSON.stringify(
// state))` reads what another flow may be writing just as `state.count` would. The built-in runs in
// the program's code; the detector records the reads beside it, and must never run the program's code
// itself (a getter, a proxy trap, a toJSON) nor see more than the built-in does.

const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
/** At most this many values are read per call (a large payload costs the detector no more). */
const VALUES_READ_LIMIT = 10_000;

/**
 * Records the reads of `root`'s values made by a copying built-in (`deep`: and of the values of the
 * objects it holds, and so on). Only objects the detector already tracks are looked at (an
 * instrumented access touched them): an object nobody touched is most often a fresh payload
 * (`res.end(JSON.stringify({ ok, items }))` on every request, its items pushed by the handler), and
 * recording its reads doubled what serialising it costs and cost the server benchmark 6%. A root
 * nobody touched is looked through, one level, for tracked objects (`JSON.stringify({ state, at })`).
 * What this misses: a read of shared state that no access touched before it, when the write comes
 * later (the other order is found). The shallow readers record the key set always, as Object.keys
 * does.
 */
function readValues(root: object, site: number, deep: boolean): void {
  if (!deep) {
    structureRead(root, site, 'read');
    if (shadowOrSite(root) === undefined || mayRunCode(root, false)) return;
    if (isArray(root) || typeOf(root) === ObjectType.Plain) readOwnValues(root, site, null, null);
    return;
  }
  const todo: object[] = [];
  // A root with a shadow, or one whose creation the instrumenter marked (module-level and field
  // literals, `new`: the program's shared state, as Object.values reads it), is read itself.
  if (shadowOrSite(root) !== undefined) todo[0] = root;
  else if (!mayRunCode(root, true) && (isArray(root) || typeOf(root) === ObjectType.Plain)) {
    const keys = ownValueKeys(root);
    for (let i = 0; i < keys.length; i++) {
      const v = dataValue(root, keys[i]);
      if (v !== null && typeof shadowOrSite(v) === 'object') todo[todo.length] = v;
    }
  }
  let budget = VALUES_READ_LIMIT;
  const seen = new SafeSet<object>();
  while (todo.length > 0 && budget > 0) {
    const o = todo[todo.length - 1];
    todo.length--;
    if (seen.has(o) || mayRunCode(o, true)) continue;
    seen.add(o);
    if (!isArray(o) && typeOf(o) !== ObjectType.Plain) continue;
    structureRead(o, site, 'read');
    budget = readOwnValues(o, site, todo, budget);
  }
}

/** Reads of `o`'s own values; with `todo`, the objects among them go there. Returns the budget left. */
function readOwnValues(o: object, site: number, todo: object[] | null, budget: number | null): number {
  const array = isArray(o);
  const keys = ownValueKeys(o);
  let left = budget ?? VALUES_READ_LIMIT;
  for (let i = 0; i < keys.length && left > 0; i++, left--) {
    const k = keys[i];
    plainRead(o, array ? k : locationKey(k as string), site);
    if (todo === null) continue;
    const v = dataValue(o, k);
    if (v !== null && typeof shadowOrSite(v) === 'object') todo[todo.length] = v;
  }
  return left;
}

/** The keys a copying built-in visits: an array's indices, an object's own enumerable string keys. */
function ownValueKeys(o: object): PropKey[] {
  return isArray(o) ? indices((o as unknown[]).length) : objectKeys(o);
}

/** The object `o[k]` holds as a data property (never a getter's result), or null. */
function dataValue(o: object, k: PropKey): object | null {
  const d = getOwnPropertyDescriptor(o, k);
  const v: unknown = d === undefined ? undefined : d.value;
  return typeof v === 'object' && v !== null ? v : null;
}

function indices(n: number): number[] {
  const out = new Array<number>(n < VALUES_READ_LIMIT ? n : VALUES_READ_LIMIT);
  for (let i = 0; i < out.length; i++) out[i] = i;
  return out;
}

/**
 * Whether looking at `o` could run the program's code, or the built-in reads it otherwise than its
 * own enumerable values: a proxy (anywhere on its chain), or, for JSON.stringify, an object with a
 * toJSON (a Date, a class that picks its fields), whose result is what gets serialised.
 */
function mayRunCode(o: object, json: boolean): boolean {
  return heldOrProxied(o, json ? 'toJSON' : null);
}

/**
 * The open call's announcement (see announce), whose last entry keeps its earlier arguments until the
 * last one is evaluated; null when none is open.
 */
function openCall(): unknown[] | null {
  current.freshPending();
  const p = current.pending;
  return p !== null && current.pendingTop >= 4 ? p : null;
}

/** An argument that is not a call's last: kept for the completion (`kb`, `cb`). */
function keepArgument<T>(arg: T): T {
  if (!on) return arg;
  const p = openCall();
  if (p !== null) p[current.pendingTop - 1] = arg;
  return arg;
}

/** A read of o[k] made by a key test, unless the site repeats its last one (as `r` and `rk` do). */
function readKey(o: unknown, k: PropKey, site: number): void {
  if (!isRepeat(o, k, site, READ)) noteRepeatable(o, k, site, READ, plainRead(o, k, site));
}

/** `k in o` (see `hi`): a read or a poll of o[k], the converted key returned and o left in `k`. */
function inOperator(key: unknown, o: unknown, site: number, poll: boolean): unknown {
  if (!isObject(o)) {
    api.k = o;
    return key;
  }
  const k = toKey(key);
  if (poll) pollProp(o, k, site);
  else readKey(o, k, site);
  api.k = o;
  return k;
}

/** The entry points of instrumented code, the prototype of `globalThis.__rd$`. Short names: they appear at every access. */
const entries = {
  /** A file's sites; `siteFile`: the file its own source map leads to, which the sites' lines are of. */
  file(url: string, count: number, table: string, names: string[], guards?: string, origin?: string, siteFile?: string): number {
    const base = registerFile(typeof siteFile === 'string' ? siteFile : url, count, table, names, typeof guards === 'string' ? guards : '');
    if (typeof origin === 'string') noteOrigin(url, origin);
    reserveSites(base + count);
    return base;
  },
  r(o: unknown, name: string, site: number): unknown {
    if (isRepeat(o, name, site, READ)) return o;
    noteRepeatable(o, name, site, READ, plainRead(o, name, site));
    return o;
  },
  /** A read in the test of an `if` that leaves: a read, and its object and key noted for the stretch (exit-tests.ts). */
  x(o: unknown, name: string, site: number): unknown {
    entries.r(o, name, site);
    if (on && isObject(o)) noteExitTest(o, name, site, false);
    return o;
  },
  /** A read in the test of a loop that awaits: a poll (see detect.ts). */
  p(o: unknown, name: string, site: number): unknown {
    pollProp(o, name, site);
    return o;
  },
  pk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    pollProp(o, k, site);
    return handBack(o, k);
  },
  rk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    if (isRepeat(o, k, site, READ)) return handBack(o, k);
    noteRepeatable(o, k, site, READ, plainRead(o, k, site));
    return handBack(o, k);
  },
  w(o: unknown, name: string, site: number): unknown {
    if (isRepeat(o, name, site, WRITE)) return o;
    noteRepeatable(o, name, site, WRITE, writeProp(o, name, site, false));
    return o;
  },
  wk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    if (isRepeat(o, k, site, WRITE)) return handBack(o, k);
    noteRepeatable(o, k, site, WRITE, writeProp(o, k, site, false));
    return handBack(o, k);
  },
  u(o: unknown, name: string, site: number): unknown {
    if (isRepeat(o, name, site, UPDATE)) return o;
    noteRepeatable(o, name, site, UPDATE, writeProp(o, name, site, true));
    return o;
  },
  uk(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    if (isRepeat(o, k, site, UPDATE)) return handBack(o, k);
    noteRepeatable(o, k, site, UPDATE, writeProp(o, k, site, true));
    return handBack(o, k);
  },
  d(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    if (isObject(o) && active()) {
      try {
        const sh = shadow(o);
        if (sh.type !== ObjectType.Proxy) {
          if (hasOwn(o, k)) onWrite(sh.structureCell(), site, true);
          // The property's location: none for a Map's or Set's own property (`delete map.foo`
          // deletes no key), whose per-key locations are the collection's keys.
          const c = propertyCell(sh, k);
          if (c !== null && c !== sh.structure) {
            onWrite(c, site, false);
            sh.removeCell(k);
          }
        }
      } catch (e) {
        runtimeFailed(e);
      }
    }
    return handBack(o, k);
  },
  /** `o.name(k, ...)`: remembers the call until its arguments are evaluated (`ka` / `kz`). */
  m(o: unknown, name: string, site: number): unknown {
    announce(o, name, site);
    return o;
  },
  /** The only argument of the call `m` announced: records the access, returns the argument. */
  ka<T>(arg: T): T {
    if (!complete()) return arg;
    const o = doneObject;
    const name = doneName as string;
    const site = doneSite;
    // Map/Set get and has: the per-site cache, as for property reads.
    if ((name === 'get' || name === 'has') && alreadyRead(o, arg, site)) return arg;
    methodAccess(o, name, site, arg, true);
    return arg;
  },
  /** The first of several arguments: kept until the last one (`kz`) is evaluated. */
  kb: keepArgument,
  /** The last argument: every argument is evaluated, so the call's access happens now. */
  kz<T>(arg: T): T {
    if (complete()) methodAccess(doneObject, doneName as string, doneSite, doneKey, true);
    return arg;
  },
  /** `o.p = await v`: the target now, the write when the value arrives (`wz`). */
  wa(o: unknown, name: string, site: number): unknown {
    announce(o, name, site);
    return o;
  },
  wak(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    announce(o, k, site);
    return handBack(o, k);
  },
  /** `o.p += await v`: the read happens now, before the await; the write when the value arrives. */
  ua(o: unknown, name: string, site: number): unknown {
    plainRead(o, name, site);
    announce(o, name, site);
    return o;
  },
  uak(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    plainRead(o, k, site);
    announce(o, k, site);
    return handBack(o, k);
  },
  wz<T>(value: T): T {
    if (complete()) writeProp(doneObject, doneName as string | symbol, doneSite, false);
    return value;
  },
  /** At a `try`: how many announcements the running flow has, for `pt` in its catch and finally. */
  pd(): number {
    if (!on) return 0;
    current.freshPending();
    return current.pendingTop;
  },
  /**
   * At a `catch` or `finally`: drops what was announced since the try began. An exception in a
   * call's arguments left its announcement behind; the next completion would take it for its own
   * (a wrong object and site), and a flow that keeps throwing there would keep growing its stack.
   */
  pt(depth: number): void {
    if (!on) return;
    const p = current.pending;
    const top = current.pendingTop;
    if (p !== null && top > depth) {
      dropPending(p, top, depth);
      current.pendingTop = depth;
    }
  },
  /** `o.p ??= await v`: the read now; the write only if it happens, so keyed by site, not stacked. */
  la(o: unknown, name: string, site: number): unknown {
    if (!on) return o;
    plainRead(o, name, site);
    current.freshPending();
    current.logical.set(site, [o, name]);
    return o;
  },
  lak(o: unknown, key: unknown, site: number): unknown {
    const k = toKey(key);
    if (!on) return handBack(o, k);
    plainRead(o, k, site);
    current.freshPending();
    current.logical.set(site, [o, k]);
    return handBack(o, k);
  },
  lz<T>(value: T, site: number): T {
    if (!on) return value;
    current.freshPending();
    const c = current.logical.get(site);
    if (c !== undefined) {
      current.logical.delete(site);
      writeProp(c[0], c[1] as string | symbol, site, false);
    }
    return value;
  },
  /** `o.name(k, ...)` whose key is a name or a literal: recorded at once. */
  m1(o: unknown, name: string, site: number, key: unknown): unknown {
    const kind = name === 'set' || name === 'add' ? WRITE : name === 'get' || name === 'has' ? READ : METHOD;
    if (!on || isRepeat(o, key, site, kind)) return o;
    if ((name === 'get' || name === 'has') && alreadyRead(o, key, site)) return o;
    const h = methodAccess(o, name, site, key, true);
    // A repeated get, has, set or add is a no-op; a repeated delete revives and forgets the key again.
    if (name !== 'delete') noteRepeatable(o, key, site, kind, h);
    return o;
  },
  m0(o: unknown, name: string, site: number): unknown {
    if (isRepeat(o, undefined, site, METHOD)) return o;
    const h = methodAccess(o, name, site, undefined, false);
    if (name !== 'clear') noteRepeatable(o, undefined, site, METHOD, h);
    return o;
  },
  /** Object destructuring: reads of the named keys (and of the key set, with a rest element). */
  dr<T>(o: T, keys: string[], rest: boolean, site: number): T {
    for (let i = 0; i < keys.length; i++) plainRead(o, keys[i], site);
    if (rest) structureRead(o, site, 'read');
    return o;
  },
  ir<T>(o: T, site: number): T {
    // Iterating an array (for-of, spread, an array pattern) reads its structure and every element.
    if (isArray(o) && active()) {
      try {
        readElements(shadow(o), site);
      } catch (e) {
        runtimeFailed(e);
      }
      return o;
    }
    structureRead(o, site, 'read');
    return o;
  },
  /** The argument of JSON.stringify or structuredClone (deep = 1), Object.values or Object.entries: reads of its values. */
  vr<T>(o: T, site: number, deep: number): T {
    if (!isObject(o) || !active()) return o;
    try {
      readValues(o, site, deep === 1);
    } catch (e) {
      runtimeFailed(e);
    }
    return o;
  },
  it<T>(o: Iterable<T>, site: number): Iterable<T> {
    return active() ? iterateAcross(o, site) : o;
  },
  /**
   * `k in o` -> `__rd$.hi(k, o, S) in __rd$.k`: a read of o[k]. Both operands are evaluated, in their
   * order, before the call; it returns the key and leaves o in `k` for the operator. The key is
   * converted once, here, and only when o is an object: on anything else `in` throws its own
   * TypeError before it converts the key, so the key goes back as it came.
   */
  hi(key: unknown, o: unknown, site: number): unknown {
    return inOperator(key, o, site, false);
  },
  /** `k in o` in the test of a loop that awaits: a poll (as `p`). */
  hp(key: unknown, o: unknown, site: number): unknown {
    return inOperator(key, o, site, true);
  },
  /** The object of a keyed built-in call (`Object.hasOwn(o, k)`, `Object.assign(o, s)`), announced. */
  ca(o: unknown, site: number): unknown {
    announce(o, KEYED_CALL, site);
    return o;
  },
  /** The key of `Object.hasOwn(o, k)` and the like, given o again (a name): a read of o[k]; returns the key. */
  hk<T>(key: T, o: unknown, site: number): T {
    const k = primitiveKey(key);
    if (k !== undefined) readKey(o, k, site);
    return key;
  },
  /** The key of `Object.hasOwn(o, k)`, `Reflect.has(o, k)`, `o.hasOwnProperty(k)`: a read of o[k]. */
  hz<T>(key: T): T {
    if (!complete()) return key;
    const o = doneObject;
    const site = doneSite;
    const k = primitiveKey(key);
    if (k !== undefined) readKey(o, k, site);
    return key;
  },
  /** A key argument that is not the last (`Reflect.set(o, k, v)`): kept for the completion. */
  cb: keepArgument,
  /** The last argument of `Reflect.set(o, k, v)` or `Object.defineProperty(o, k, d)`: a write of o[k]. */
  sz<T>(value: T): T {
    if (!complete()) return value;
    const k = primitiveKey(doneKey);
    if (k !== undefined) writeProp(doneObject, k, doneSite, false);
    return value;
  },
  /** A source of `Object.assign(target, ...)` that is not the last: kept for the completion. */
  cs<T>(source: T): T {
    if (!on) return source;
    const p = openCall();
    if (p !== null) {
      const top = current.pendingTop;
      const list = p[top - 1] as unknown[] | undefined;
      if (list === undefined) p[top - 1] = [source];
      else list[list.length] = source;
    }
    return source;
  },
  /**
   * The last source of `Object.assign(target, ...sources)`: every source's keys read, the target's
   * written. `fresh`: the last source is an object literal, whose key set nobody else can change.
   */
  az<T>(source: T, fresh?: number): T {
    if (!complete()) return source;
    const target = doneObject;
    const site = doneSite;
    const earlier = doneKey as unknown[] | undefined;
    if (!isObject(target)) return source;
    if (earlier !== undefined) for (let i = 0; i < earlier.length; i++) assignFrom(target, earlier[i], site, false);
    assignFrom(target, source, site, fresh === 1);
    return source;
  },
  n<T>(o: T, site: number): T {
    if (on && isObject(o)) noteCreation(o, site);
    return o;
  },
  // Variables: a cell per binding instance, declared beside the variable.
  v(label: string, declared: number): Cell {
    return new Cell(null, undefined, label, declared);
  },
  /** A module's exported variables and re-exports, for the modules that import them (imports.ts). */
  ex(url: string, entries: unknown[], reexports?: string[][]): void {
    registerExports(url, entries, reexports);
  },
  /** A handle for one name a module imports from another module of the program (imports.ts). */
  im: importHandle,
  /** A read of an imported binding: of the exporter's variable, if it is one the exporter tracks. */
  ib<T>(value: T, h: ImportHandle | undefined, site: number): T {
    // No handle yet: a function of this module called, through an import cycle, before its top
    // level ran (the handle's `var` is still undefined). Never a throw.
    if (!on || typeof h !== 'object' || h === null) return value;
    return entries.rb(value, importedCell(h), site);
  },
  // The variable entry points, like the others, stop tracking on a failure of their own (a stack
  // overflow inside the detector, in a program that recurses deeply and catches RangeError): a check
  // cut off halfway must not leave a location's history half updated for the next access to read.
  rb<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell === undefined || isRepeat(cell, undefined, site, READ)) return value;
    if (!active()) return value;
    try {
      onRead(cell, site, 'read');
      noteRepeatable(cell, undefined, site, READ, cell);
    } catch (e) {
      runtimeFailed(e);
    }
    return value;
  },
  /** A tracked variable read in the test of an `if` that leaves (see `x`). */
  xb<T>(value: T, cell: Cell | undefined, site: number): T {
    const v = entries.rb(value, cell, site);
    if (cell !== undefined && on) noteExitTest(cell, undefined, site, true);
    return v;
  },
  pb<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell === undefined || !active()) return value;
    try {
      onRead(cell, site, 'poll');
    } catch (e) {
      runtimeFailed(e);
    }
    return value;
  },
  wb<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell === undefined || isRepeat(cell, undefined, site, WRITE)) return value;
    if (!active()) return value;
    try {
      onWrite(cell, site, false);
      noteRepeatable(cell, undefined, site, WRITE, cell);
    } catch (e) {
      runtimeFailed(e);
    }
    return value;
  },
  ub<T>(value: T, cell: Cell | undefined, site: number): T {
    if (cell === undefined || isRepeat(cell, undefined, site, UPDATE)) return value;
    if (!active()) return value;
    try {
      onWrite(cell, site, true);
      noteRepeatable(cell, undefined, site, UPDATE, cell);
    } catch (e) {
      runtimeFailed(e);
    }
    return value;
  },
  enter,
  aw<T>(value: T, ctx: AsyncContext, site: number): T {
    suspend(ctx, site);
    // Marked only when the await cannot run program code before creating its own promise: awaiting
    // any other object reads its `then`, and a getter there could create promises of its own.
    if (on && ctx !== OFF && (!isObject(value) || (isPromise(value) && getPrototypeOf(value) === PromisePrototype))) {
      awaiting.ctx = ctx;
      awaiting.value = !isObject(value);
      awaiting.wrapper = null;
      awaiting.wrapperParent = undefined;
    }
    return value;
  },
  eg: enterGenerator,
  /** `yield* it` in an async generator: the flow suspends while the inner iterator yields. */
  ys<T>(value: T, ctx: AsyncContext, site: number): T {
    suspend(ctx, site);
    return value;
  },
  rs<T>(value: T, ctx: AsyncContext): T {
    resume(ctx);
    return value;
  },
  leave,
  /**
   * ES module top-level code is the program's main flow, whichever loader reaction evaluates it;
   * top-level await suspends and resumes that flow.
   */
  top(): AsyncContext {
    if (on && current !== main) resume(main);
    return main;
  },
  flush(): void {
    flushCandidates(true);
  },
};

/** The object installed as `globalThis.__rd$`: the entry points, and `k`, the last computed key converted by `rk`/`wk`/`uk`/`dk`, read back by the rewritten member expression. */
export type RuntimeApi = typeof entries & { k: unknown };
export const api: RuntimeApi = Object.assign(Object.create(entries) as typeof entries, { k: undefined as unknown });

/**
 * Where each access entry point takes its site. The steered entry points (a run under `hold=`, see
 * guide.ts) look at it before the access: reaching the releasing access lets the held flow go.
 */
const SITE_ARG: Partial<Record<keyof typeof entries, number>> = {
  r: 2, x: 2, p: 2, pk: 2, rk: 2, w: 2, wk: 2, u: 2, uk: 2, d: 2, m: 2, wa: 2, wak: 2, ua: 2, uak: 2, la: 2, lak: 2,
  m1: 2, m0: 2, rb: 2, xb: 2, pb: 2, wb: 2, ub: 2, ib: 2, lz: 1, ir: 1, vr: 1, it: 1, dr: 3, hi: 2, hp: 2, ca: 1, hk: 2,
};

/** The entry points of a steered run: each access first tells guide.ts its site; an await may be held. */
function steeredEntries(): typeof entries {
  const out: Record<string, unknown> = { ...entries };
  for (const [name, at] of Object.entries(SITE_ARG)) {
    const real = (entries as Record<string, (...args: unknown[]) => unknown>)[name];
    out[name] = function (this: unknown, ...args: unknown[]): unknown {
      guideAccess(args[at!] as number);
      return apply(real, this, args);
    };
  }
  out.aw = function <T>(this: unknown, value: T, ctx: AsyncContext, site: number): unknown {
    return apply(entries.aw, this, [guideAwait(value, ctx, site), ctx, site]);
  };
  return out as typeof entries;
}

/** The entry points while tracking: the plain ones, or the steered ones in a run under `hold=`. */
let liveEntries: typeof entries = entries;

/** Steers this run (guide.ts has the plan). */
export function steerRun(): void {
  liveEntries = steeredEntries();
  if (on) Object.setPrototypeOf(api, liveEntries);
}

/**
 * The entry points between sampling windows (same keys, same order: one shape for both prototypes).
 * Computed keys still go through `k`, converted by the engine itself as the rewritten access reads it.
 */
const idleEntries: typeof entries = {
  ...entries,
  ...Object.fromEntries([...RETURNS_FIRST.map((name) => [name, same]), ...KEEPS_KEY.map((name) => [name, keyOnly])]),
  pd: () => 0,
  enter: () => OFF,
  eg: () => OFF,
  leave: () => undefined,
};

/**
 * Entry points that only do what the program would: for instrumented code evaluated in a process
 * where the detector does not run (Vitest's main process evaluates global setup files through the
 * same transform as the tests).
 */
export function inertApi(): RuntimeApi {
  return Object.assign(Object.create(idleEntries) as typeof entries, { k: undefined as unknown });
}
