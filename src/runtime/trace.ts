// What the picture of a race needs (`html=FILE`, report/html.ts): for each async context, its recent
// segments - when each started and when it last stopped running - and the happens-before edges into
// them: a call starting an async function (fork), an async function returning to its caller (its
// synchronous prefix, or its end), the settlement of an awaited promise resuming a flow or running a
// reaction, the segment that called `then`, the segment that scheduled a callback, and the previous
// activation of the same source (interval ticks, socket events).
//
// Off unless `html` is set: each hook point below is one check of `tracing` on a path that runs anyway,
// and no context, promise or resource carries a field for it. On, each context gets a Trace in a
// WeakMap, gone with the context, holding its last SEGMENTS segments and EDGES incoming edges. An edge
// names its source by a Point on the source's Lane, and a Lane holds segment times only, never edges:
// an edge keeps at most one more lane alive, not the chain of every flow before it (a timer that re-arms
// itself from its own callback would otherwise keep all its predecessors). Each edge carries, flattened,
// the edges into its source segment (`upstream`), so that a picture can show two hops back even when
// the source flow itself is gone.

import { performance } from 'node:perf_hooks';
import type { AsyncContext, ContextKind } from './context.js';
import { SafeWeakMap } from './primordials.js';

/** Whether contexts are traced (html=FILE). Read by the hook points in context.ts and hooks.ts. */
export let tracing = false;

/** Segments kept per context: a flow's last few dozen stretches. */
const SEGMENTS = 32;
/** Incoming edges kept per context. */
const EDGES = 48;
/** Edges into a source segment copied onto an edge from it. */
const UPSTREAM = 4;

export type EdgeKind = 'fork' | 'return' | 'settle' | 'then' | 'schedule' | 'repeat' | 'resume';

/** One segment of one flow: its number (AsyncContext.segment) and when it started and last stopped. */
export interface Span {
  readonly seg: number;
  readonly start: number;
  end: number;
}

/** A flow as a lane of the picture. Holds no edges (see above). */
export interface Lane {
  /** The context's report number (0 until it makes its first tracked access). */
  id: number;
  readonly kind: ContextKind;
  /** For an async function: its site (the function's name in a label). */
  readonly fnSite: number;
  /** For a callback: a timer's or an immediate's. */
  readonly timed: boolean;
  /** Oldest first; at most SEGMENTS. */
  readonly spans: Span[];
}

/** An instant in one segment of one lane. */
export interface Point {
  readonly lane: Lane;
  readonly seg: number;
  readonly at: number;
}

export interface Edge {
  readonly from: Point;
  readonly to: Point;
  readonly kind: EdgeKind;
  /** The edges into the source segment when this edge was made, themselves without upstream. */
  readonly upstream: readonly Edge[] | null;
}

export interface Trace {
  readonly lane: Lane;
  /** Oldest first; at most EDGES. */
  readonly incoming: Edge[];
}

/** A release remembered on a promise or a resource until something acquires it. */
interface Mark {
  readonly point: Point;
  readonly upstream: readonly Edge[] | null;
}

const traces = new SafeWeakMap<AsyncContext, Trace>();
/** Promises: the segment that settled them. */
const settlers = new SafeWeakMap<object, Mark>();
/** Reaction promises: the segment that called then/catch/finally. Resources: the segment that created them. */
const creators = new SafeWeakMap<object, Mark>();
/** Resources: their previous activation. */
const lastRuns = new SafeWeakMap<object, Mark>();

const now = performance.now.bind(performance);

/** The flow running now, null while the event loop is idle. */
let active: Trace | null = null;
let activeCtx: AsyncContext | null = null;

export function startTracing(running: AsyncContext): void {
  if (tracing) return;
  tracing = true;
  activeCtx = running;
  active = traceOf(running);
  openSpan(active, running, now());
}

function traceOf(ctx: AsyncContext): Trace {
  let t = traces.get(ctx);
  if (t === undefined) {
    t = { lane: { id: ctx.id, kind: ctx.kind, fnSite: ctx.fnSite, timed: ctx.timed, spans: [] }, incoming: [] };
    traces.set(ctx, t);
  }
  return t;
}

/** Starts the span of `ctx`'s current segment unless it is open already; true when it started now. */
function openSpan(t: Trace, ctx: AsyncContext, at: number): boolean {
  const spans = t.lane.spans;
  const last = spans[spans.length - 1];
  if (last !== undefined && last.seg === ctx.segment) return false;
  if (spans.length >= SEGMENTS) spans.shift();
  spans[spans.length] = { seg: ctx.segment, start: at, end: at };
  return true;
}

function here(t: Trace, at: number): Point {
  const spans = t.lane.spans;
  return { lane: t.lane, seg: spans[spans.length - 1].seg, at };
}

function addEdge(to: Trace, edge: Edge): void {
  if (edge.from.lane === to.lane) return; // program order: the lane itself shows it
  if (to.incoming.length >= EDGES) to.incoming.shift();
  to.incoming[to.incoming.length] = edge;
}

/** The running flow's release now: a point in its segment and what that segment acquired (flattened). */
function mark(): Mark | null {
  if (active === null) return null;
  const point = here(active, now());
  let upstream: Edge[] | null = null;
  const incoming = active.incoming;
  for (let i = incoming.length - 1; i >= 0 && (upstream === null || upstream.length < UPSTREAM); i--) {
    const e = incoming[i];
    if (e.to.seg !== point.seg) continue;
    upstream ??= [];
    upstream[upstream.length] = { from: e.from, to: e.to, kind: e.kind, upstream: null };
  }
  return { point, upstream };
}

function edgeFrom(m: Mark | undefined, to: Trace, seg: number, at: number, kind: EdgeKind): void {
  if (m === undefined) return;
  addEdge(to, { from: m.point, to: { lane: to.lane, seg, at }, kind, upstream: m.upstream });
}

// Hook points

/**
 * The running context changes from `prev` to `next` (`idle`: back to the event loop, nothing runs).
 * `direct`: instrumented code switched (an async function's entry, await, resumption or return),
 * whose happens-before edges are read off the switch itself; the hooks add theirs for callbacks.
 */
export function traceSwitch(prev: AsyncContext, next: AsyncContext, idle: boolean, direct: boolean): void {
  // The running flow goes on in the same segment (an async function's await returning to itself).
  if (!idle && next === activeCtx && active!.lane.spans[active!.lane.spans.length - 1].seg === next.segment) return;
  const at = now();
  const from = active;
  if (from !== null) {
    const spans = from.lane.spans;
    spans[spans.length - 1].end = at;
    from.lane.id = activeCtx!.id;
  }
  if (idle) {
    active = null;
    activeCtx = null;
    return;
  }
  const t = traceOf(next);
  t.lane.id = next.id;
  const fresh = openSpan(t, next, at);
  if (direct && from !== null) {
    const seg = next.segment;
    if (fresh && seg === 0 && next.kind === 'async') addEdge(t, { from: here(from, at), to: { lane: t.lane, seg, at }, kind: 'fork', upstream: null });
    else if (fresh && prev.kind === 'reaction') {
      // An await resumed through a reaction of its own: what ordered the reaction orders the flow.
      for (const e of from.incoming) if (e.to.seg === 0) addEdge(t, { from: e.from, to: { lane: t.lane, seg, at }, kind: e.kind, upstream: e.upstream });
    } else if (fresh) addEdge(t, { from: here(from, at), to: { lane: t.lane, seg, at }, kind: 'resume', upstream: null });
    else if (prev.kind === 'async' && (prev.state === 'finished' || (prev.segment === 0 && prev.state === 'suspended'))) {
      // The callee returned or first suspended: its caller goes on knowing what it did.
      addEdge(t, { from: here(from, at), to: { lane: t.lane, seg, at }, kind: 'return', upstream: null });
    }
  }
  active = t;
  activeCtx = next;
}

/** A promise settles, or a reaction promise is created (`then`): remember the running segment. */
export function traceSettled(promise: object): void {
  const m = mark();
  if (m !== null) settlers.set(promise, m);
}

export function traceCreated(target: object): void {
  const m = mark();
  if (m !== null) creators.set(target, m);
}

/** An awaiting flow resumes into segment `seg`, ordered after the settlement of `awaited`. */
export function traceResumed(ctx: AsyncContext, awaited: object | undefined, seg: number): void {
  if (awaited !== undefined) edgeFrom(settlers.get(awaited), traceOf(ctx), seg, now(), 'settle');
}

/** A reaction runs (the running context): after the `then` that created it and the settlement of its input. */
export function traceReaction(ctx: AsyncContext, promise: object, input: object | undefined): void {
  const t = traceOf(ctx);
  const at = now();
  edgeFrom(creators.get(promise), t, ctx.segment, at, 'then');
  if (input !== undefined) edgeFrom(settlers.get(input), t, ctx.segment, at, 'settle');
}

/** A callback runs (the running context): after the segment that scheduled it and its source's previous activation. */
export function traceCallback(ctx: AsyncContext, resource: object): void {
  const t = traceOf(ctx);
  const at = now();
  edgeFrom(creators.get(resource), t, ctx.segment, at, 'schedule');
  edgeFrom(lastRuns.get(resource), t, ctx.segment, at, 'repeat');
}

/** A callback of `resource` ends (still the running context). */
export function traceRan(resource: object): void {
  const m = mark();
  if (m !== null) lastRuns.set(resource, { point: m.point, upstream: null });
}

// Reading (report/timeline.ts)

/** The trace of `ctx`, its number brought up to date; the running flow's open span ends now. */
export function traceFor(ctx: AsyncContext): Trace | undefined {
  const t = traces.get(ctx);
  if (t === undefined) return undefined;
  t.lane.id = ctx.id;
  if (t === active) {
    const spans = t.lane.spans;
    spans[spans.length - 1].end = now();
  }
  return t;
}

export function traceNow(): number {
  return now();
}
