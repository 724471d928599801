// Shadow state: what the detector remembers about each tracked location.
//
// A location is one property of one object, one key of one Map or Set, one array element, the
// *structure* of a collection (size, key set, iteration order), or one variable. Objects get a shadow
// on their first tracked access, kept in a WeakMap so that it dies with the object and never shows in
// the object itself (no extra properties: JSON.stringify, Object.keys and util.inspect see nothing).
// Each location keeps a bounded history (`history_size`) of recent reads and writes by distinct
// contexts, enough to decide the races of SPEC §1 without growing on long runs.

import type { Stamp } from './clock.js';
import type { AsyncContext } from './context.js';
import { siteFrame } from './sites.js';
import { displayPath } from '../report/stack.js';

export type AccessKind = 'read' | 'write' | 'update' | 'iterate';

/** One recorded access: who, where, and what the accessor knew (its stamp) at that instant. */
export interface Access extends Stamp {
  readonly ctx: AsyncContext;
  readonly seg: number;
  readonly site: number;
  readonly kind: AccessKind;
  readonly timed: boolean;
  /** For a write: the same context's last read of the location, in an earlier segment. */
  window: Access | null;
  /** For a read: the context whose write it observed. */
  observed: AsyncContext | null;
  /** For a read: re-read at the same site by the same flow (a poll). */
  polling: boolean;
  /** For a read: its own segment wrote the location afterwards (an atomic update). */
  atomic: boolean;
  /** Order of the access in this run. */
  readonly seq: number;
  /** The await the accessor last resumed from (-1 if none): "as if synchronized via" this. */
  readonly via: number;
}

export class Cell {
  readonly writes: Access[] = [];
  readonly reads: Access[] = [];
  /** The write whose value the location holds now. */
  last: Access | null = null;
  constructor(readonly owner: Shadow | null, readonly key: unknown, readonly label: string) {}

  /** A name for reports: `Map#3["user:1"]`, `Wallet#1.balance`, `module binding open`. */
  describe(redact: boolean): string {
    if (this.owner === null) return this.label;
    const o = this.owner;
    const base = `${o.kind}#${o.num}`;
    if (this.key === STRUCTURE) return `${base} (structure: size, keys and order)`;
    const k = this.key;
    if (redact) return o.keyed ? `${base}[<redacted>]` : `${base}.<redacted>`;
    if (o.keyed) return `${base}[${formatKey(k)}]`;
    if (typeof k === 'string' && /^#?[A-Za-z_$][\w$]*$/.test(k)) return `${base}.${k}`;
    if (typeof k === 'string' && /^\d+$/.test(k)) return `${base}[${k}]`;
    return `${base}[${formatKey(k)}]`;
  }

  createdAt(): string {
    if (this.owner === null || this.owner.created < 0) return '';
    const f = siteFrame(this.owner.created);
    return f ? `${displayPath(f.file)}:${f.line}:${f.column}` : '';
  }
}

export const STRUCTURE = Symbol('structure');

function formatKey(k: unknown): string {
  if (typeof k === 'string') return JSON.stringify(k);
  if (typeof k === 'symbol') return k.toString();
  if (typeof k === 'object' && k !== null) return `<${k.constructor?.name ?? 'object'}>`;
  if (typeof k === 'function') return `<function ${k.name}>`;
  return String(k);
}

const kindCounters = new Map<string, number>();

export class Shadow {
  readonly cells = new Map<unknown, Cell>();
  structure: Cell | null = null;
  readonly num: number;
  constructor(readonly kind: string, readonly keyed: boolean, readonly created: number) {
    const n = (kindCounters.get(kind) ?? 0) + 1;
    kindCounters.set(kind, n);
    this.num = n;
  }

  cell(key: unknown): Cell {
    let c = this.cells.get(key);
    if (c === undefined) {
      c = new Cell(this, key, '');
      this.cells.set(key, c);
    }
    return c;
  }

  structureCell(): Cell {
    return (this.structure ??= new Cell(this, STRUCTURE, ''));
  }
}

const shadows = new WeakMap<object, Shadow>();
const creationSites = new WeakMap<object, number>();

export function noteCreation(obj: object, site: number): void {
  creationSites.set(obj, site);
}

export function shadowOf(obj: object, kind: string, keyed: boolean): Shadow {
  let s = shadows.get(obj);
  if (s === undefined) {
    s = new Shadow(kind, keyed, creationSites.get(obj) ?? -1);
    shadows.set(obj, s);
  }
  return s;
}

/** Keeps at most `limit` entries, one per context: the newest access of each. */
export function remember(list: Access[], a: Access, limit: number): void {
  for (let i = 0; i < list.length; i++) {
    if (list[i].ctx === a.ctx) {
      list.splice(i, 1);
      break;
    }
  }
  list.push(a);
  if (list.length > limit) list.shift();
}
