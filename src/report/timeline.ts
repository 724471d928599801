// A race's timeline as plain data (html=FILE): the lanes of the contexts involved, their segments on a
// common time axis, where the racing accesses fall, the happens-before edges the trace recorded among
// those lanes (runtime/trace.ts), and the one edge that would have prevented the race. Taken when the
// race is found, from what the trace still holds; report/html.ts draws it, here or in the CLI.

import { fileURLToPath } from 'node:url';
import type { AsyncContext } from '../runtime/context.js';
import type { Access } from '../runtime/shadow.js';
import { siteFrame } from '../runtime/sites.js';
import { type Edge, type EdgeKind, type Lane, type Trace, traceFor, traceNow } from '../runtime/trace.js';
import type { RaceKind } from './build.js';
import { frameOfSite } from './stack.js';
import { SafeSet } from '../runtime/primordials.js';

export type AccessRole = 'current' | 'previous' | 'window';

export interface TimelineLane {
  /** The context's report number, 0 for a context that made no tracked access. */
  id: number;
  /** "async context 3", or what an unnumbered context is ("timer callback"). */
  label: string;
  /** What the flow is: "main flow", "async function load()", "timer callback", ... */
  detail: string;
  main: boolean;
  /** One of the two contexts whose accesses race. */
  racing: boolean;
  /** Segments (milliseconds since the process started), oldest first. */
  spans: { seg: number; start: number; end: number }[];
}

export interface TimelinePoint {
  /** Index into `lanes`. */
  lane: number;
  seg: number;
  at: number;
}

export interface TimelineEdge {
  from: TimelinePoint;
  to: TimelinePoint;
  kind: EdgeKind;
}

export interface TimelineAccess extends TimelinePoint {
  role: AccessRole;
  op: 'Read' | 'Write';
  fn: string;
  /** As reports print it (relative to the working directory). */
  file: string;
  line: number;
  column: number;
  /** Where the source file is, for reading its lines when the picture is written. */
  source: string;
}

export interface Timeline {
  /** The time range shown, in milliseconds since the process started. */
  start: number;
  end: number;
  lanes: TimelineLane[];
  edges: TimelineEdge[];
  accesses: TimelineAccess[];
  /** The happens-before edge that would have prevented the race. */
  missing: { from: AccessRole; to: AccessRole; text: string };
}

/** Lanes drawn at most: the two racing contexts and the flows whose edges lead into them. */
const MAX_LANES = 6;

function opOf(a: Access): 'Read' | 'Write' {
  return a.kind === 'read' || a.kind === 'iterate' ? 'Read' : 'Write';
}

const KIND_NAMES = { main: 'main flow', async: 'async function', reaction: 'promise reaction' } as const;

/** A lane's name: its report number, or what it is when it has none; and what it is. */
function describeLane(l: Lane): { label: string; detail: string } {
  const kind = l.kind === 'callback' ? (l.timed ? 'timer callback' : 'callback') : KIND_NAMES[l.kind];
  // An async function is named by where it is (a site's name is that of the enclosing function).
  const f = l.kind === 'async' && l.fnSite >= 0 ? frameOfSite(l.fnSite) : null;
  const where = f ? `${f.file.slice(f.file.lastIndexOf('/') + 1)}:${f.line}` : '';
  if (l.id > 0) return { label: `async context ${l.id}`, detail: where ? `${kind}, ${where}` : kind };
  return { label: kind, detail: where ? `${where}, no tracked access` : 'no tracked access' };
}

function sourceOf(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}

/**
 * The edge whose absence is the race. A lost update: the other write should have come before the
 * window's read (it came before it, or inside the window), or after the write-back (it came later).
 * A timing-dependent read: the write before the read. Strict: the previous access before this one.
 */
function missingEdge(kind: RaceKind, current: Access, previous: Access, window: Access | null): { from: AccessRole; to: AccessRole } {
  if (kind === 'lost-update' && window !== null) {
    const [writeBack, other]: [AccessRole, Access] = window.ctx === current.ctx ? ['current', previous] : ['previous', current];
    const otherRole: AccessRole = other === current ? 'current' : 'previous';
    const back = writeBack === 'current' ? current : previous;
    return other.seq > back.seq ? { from: writeBack, to: otherRole } : { from: otherRole, to: window === previous ? 'previous' : 'window' };
  }
  if (kind === 'timing') return opOf(current) === 'Read' ? { from: 'previous', to: 'current' } : { from: 'current', to: 'previous' };
  return { from: 'previous', to: 'current' };
}

/** The timeline of a race just found; null when the trace has nothing for its contexts. */
export function timelineOf(kind: RaceKind, current: Access, previous: Access, window: Access | null, running: AsyncContext): Timeline | null {
  const now = traceNow();
  const win = window !== null && window !== previous ? window : null;
  const roles: [AccessRole, Access][] = [
    ['current', current],
    ['previous', previous],
  ];
  if (win !== null) roles.push(['window', win]);
  const lanes: Lane[] = [];
  const traces: Trace[] = [];
  for (const [, a] of roles) {
    const t = traceFor(a.ctx);
    if (t === undefined) return null;
    if (!lanes.includes(t.lane)) {
      lanes.push(t.lane);
      traces.push(t);
    }
  }
  const racingLanes = lanes.length;

  // Where each access falls: now for the running flow's access in its open segment, else the middle of
  // its segment (segments are the detector's unit of time; an access is not timed by itself).
  const accesses: TimelineAccess[] = [];
  const accessSpans: { start: number; end: number }[] = [];
  for (const [role, a] of roles) {
    const lane = lanes.indexOf(traceFor(a.ctx)!.lane);
    const spans = lanes[lane].spans;
    const span = spans.find((s) => s.seg === a.seg);
    let at: number;
    if (span === undefined) at = spans.length > 0 ? spans[0].start : now;
    else if (a.ctx === running && a.seg === running.segment && span === spans[spans.length - 1]) at = span.end;
    else at = (span.start + span.end) / 2;
    accessSpans.push(span ?? { start: at, end: at });
    const f = frameOfSite(a.site);
    const raw = siteFrame(a.site);
    accesses.push({ role, op: opOf(a), lane, seg: a.seg, at, fn: f?.fn ?? '', file: f?.file ?? '', line: f?.line ?? 0, column: f?.column ?? 0, source: raw ? sourceOf(raw.file) : '' });
  }

  // The range: the accesses' segments, and as much time again before them for the edges leading in.
  const t0 = Math.min(...accessSpans.map((s) => s.start), ...accesses.map((a) => a.at));
  const t1 = Math.max(...accessSpans.map((s) => s.end), ...accesses.map((a) => a.at));
  const lo = t0 - Math.max(t1 - t0, 1);

  // Edges into the racing lanes, those into the accesses' segments first, then the latest. Their
  // sources become lanes while there is room: those of edges into the accesses' segments, and flows
  // with tracked accesses of their own (not every promise reaction between two flows).
  const accessSegs = new SafeSet(accesses.map((a) => `${a.lane}:${a.seg}`));
  const into: Edge[] = [];
  for (const t of traces) for (const e of t.incoming) if (e.from.at >= lo) into.push(e);
  const weight = (e: Edge): number => (accessSegs.has(`${lanes.indexOf(e.to.lane)}:${e.to.seg}`) ? 1 : 0);
  into.sort((a, b) => weight(b) - weight(a) || b.to.at - a.to.at);
  const chosen: Edge[] = [];
  for (const e of into) {
    if (!lanes.includes(e.from.lane)) {
      if (lanes.length >= MAX_LANES || (weight(e) === 0 && e.from.lane.id === 0)) continue;
      lanes.push(e.from.lane);
    }
    chosen.push(e);
  }
  // Two hops back: what ordered the sources, where it comes from a lane already drawn.
  for (const e of chosen.slice()) {
    for (const u of e.upstream ?? []) if (u.from.at >= lo && lanes.includes(u.from.lane) && lanes.includes(u.to.lane)) chosen.push(u);
  }
  const edges: TimelineEdge[] = [];
  const seen = new SafeSet<string>();
  for (const e of chosen) {
    const from = { lane: lanes.indexOf(e.from.lane), seg: e.from.seg, at: e.from.at };
    const to = { lane: lanes.indexOf(e.to.lane), seg: e.to.seg, at: e.to.at };
    const key = `${from.lane}:${from.seg}:${to.lane}:${to.seg}:${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, kind: e.kind });
  }

  const start = Math.min(t0, ...edges.map((e) => e.from.at));
  const end = Math.max(t1, ...edges.map((e) => e.to.at));
  const m = missingEdge(kind, current, previous, window);
  const byRole = (r: AccessRole): TimelineAccess => accesses.find((a) => a.role === r)!;
  const name = (a: TimelineAccess): string => `async context ${lanes[a.lane].id}'s ${a.op.toLowerCase()} at ${a.file}:${a.line}:${a.column}`;
  return {
    start,
    end,
    lanes: lanes.map((l, i) => ({
      id: l.id,
      ...describeLane(l),
      main: l.kind === 'main',
      racing: i < racingLanes,
      spans: l.spans.filter((s) => s.end >= start && s.start <= end).map((s) => ({ seg: s.seg, start: s.start, end: s.end })),
    })),
    edges,
    accesses,
    missing: { ...m, text: `missing happens-before: ${name(byRole(m.from))} → ${name(byRole(m.to))}` },
  };
}
