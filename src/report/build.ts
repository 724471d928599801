// Building a report: from the detector's records to plain data (frames, names, states, explanation).
// Printing is separate (print.ts) so that text, JSON and the test-runner integrations share one report.

import type { AsyncContext } from '../runtime/context.js';
import type { Access, Cell } from '../runtime/shadow.js';
import { MAIN_FLOW } from '../runtime/creation.js';
import { type Frame, frameOfSite, framesOf } from './stack.js';

export type RaceKind = 'lost-update' | 'timing' | 'strict';

export interface AccessReport {
  op: 'Read' | 'Write';
  context: number;
  stack: Frame[];
  /** The await the flow last resumed from before this access (where a steered run can hold it), or null. */
  resumedAt: Frame | null;
}

export interface ContextReport {
  id: number;
  state: string;
  main: boolean;
  createdAt: Frame[];
  /** The stack is that of an earlier call of the same function (hot functions share one). */
  representative: boolean;
  /**
   * A promise reaction or a callback (I/O, a tick) with no creation stack of its own: `createdAt` is
   * where the flow that registered it began; empty, with `byMain`, when that was the main flow.
   */
  registered: 'reaction' | 'callback' | null;
  byMain: boolean;
}

export interface RaceReport {
  kind: RaceKind;
  location: string;
  /** Where the object was created or the variable declared (`file:line:column`), or ''. */
  createdAt: string;
  origin: 'created' | 'declared' | '';
  current: AccessReport;
  previous: AccessReport;
  /** Lost updates: the read that the writing-back context made before it awaited. */
  window: AccessReport | null;
  /** Timing-dependent reads: the await that stood in for synchronisation. */
  sleep: Frame | null;
  /**
   * Lost updates: the other flow's write fell between the read and the write-back in this very run,
   * so the update was lost here, not only losable.
   */
  interleaved: boolean;
  contexts: ContextReport[];
  explanation: string;
}

function opOf(a: Access): 'Read' | 'Write' {
  return a.kind === 'read' || a.kind === 'iterate' ? 'Read' : 'Write';
}

function resumedAt(a: Access): Frame | null {
  return a.via >= 0 ? frameOfSite(a.via) : null;
}

function staticStack(a: Access): Frame[] {
  const top = frameOfSite(a.site);
  const rest = a.ctx.kind === 'async' ? creationFrames(a.ctx) : [];
  return top ? [top, ...rest.filter((f) => !(f.file === top.file && f.line === top.line))] : rest;
}

/** Where a context was created: for an async function, its caller (the stack minus the function itself). */
function creationFrames(ctx: AsyncContext): Frame[] {
  const frames = framesOf(ctx.creation?.stack ?? null, 9);
  return ctx.kind === 'async' ? frames.slice(1) : frames;
}

function stateOf(ctx: AsyncContext, running: AsyncContext): string {
  if (ctx === running) return 'running';
  return ctx.state === 'running' ? 'suspended' : ctx.state;
}

function contextReport(ctx: AsyncContext, running: AsyncContext): ContextReport {
  const created = ctx.kind === 'main' ? [] : creationFrames(ctx);
  // A reaction or a callback with no stack of its own: where the flow that registered it began.
  const registered = created.length === 0 && ctx.startedBy !== null && (ctx.kind === 'reaction' || ctx.kind === 'callback') ? ctx.kind : null;
  const byMain = registered !== null && ctx.startedBy === MAIN_FLOW;
  // Called by a timer or an immediate itself: where that callback was created tells the calls apart.
  if (created.length === 0 && ctx.startedBy !== null && !byMain) created.push(...framesOf(ctx.startedBy.stack, 9));
  if (created.length === 0 && ctx.fnSite >= 0) {
    // Called from Node itself (a server's request handler): the function is the best pointer.
    const f = frameOfSite(ctx.fnSite);
    if (f) created.push(f);
  }
  return { id: ctx.id, state: stateOf(ctx, running), main: ctx.kind === 'main', createdAt: created, representative: ctx.creation?.shared ?? false, registered: byMain || created.length > 0 ? registered : null, byMain };
}

function where(f: Frame | null): string {
  return f ? `${f.file}:${f.line}:${f.column}` : 'an unknown site';
}

export function buildReport(
  kind: RaceKind,
  cell: Cell,
  current: Access,
  previous: Access,
  window: Access | null,
  stack: Error,
  running: AsyncContext,
  redact: boolean,
): RaceReport {
  for (const a of [current, previous, window]) a?.ctx.numbered();
  const location = cell.describe(redact);
  const origin = cell.origin();
  const curStack = framesOf(stack);
  // The top frame is the runtime call inserted at the access; the site says exactly where the access is.
  const site = frameOfSite(current.site);
  if (site !== null && (curStack.length === 0 || curStack[0].file !== site.file)) curStack.unshift(site);
  else if (site !== null) curStack[0] = { ...curStack[0], line: site.line, column: site.column };
  const cur: AccessReport = { op: opOf(current), context: current.ctx.id, stack: curStack, resumedAt: resumedAt(current) };
  const prev: AccessReport = { op: opOf(previous), context: previous.ctx.id, stack: staticStack(previous), resumedAt: resumedAt(previous) };
  const win: AccessReport | null =
    window && window !== previous ? { op: 'Read', context: window.ctx.id, stack: staticStack(window), resumedAt: resumedAt(window) } : null;
  const ctxs: AsyncContext[] = [];
  for (const c of [current.ctx, previous.ctx, window?.ctx]) if (c && !ctxs.includes(c)) ctxs.push(c);
  const reader = kind === 'timing' ? (opOf(current) === 'Read' ? current : previous) : null;
  // The await that led to the read, or, for a timer callback, where the timer was set.
  let sleep = reader && reader.via >= 0 ? frameOfSite(reader.via) : null;
  if (reader && sleep === null && reader.ctx.kind === 'callback') sleep = framesOf(reader.ctx.creation?.stack ?? null, 1)[0] ?? null;
  return {
    kind,
    location,
    createdAt: origin?.where ?? '',
    origin: origin?.how ?? '',
    current: cur,
    previous: prev,
    window: win,
    sleep,
    interleaved: kind === 'lost-update' && window !== null && window.ctx === current.ctx && previous.seq > window.seq,
    contexts: ctxs.map((c) => contextReport(c, running)),
    explanation: explain(kind, location, current, previous, window),
  };
}

function explain(kind: RaceKind, loc: string, current: Access, previous: Access, window: Access | null): string {
  const c = `async context ${current.ctx.id}`;
  const p = `async context ${previous.ctx.id}`;
  if (kind === 'lost-update' && window !== null) {
    const t = window.ctx;
    const readAt = where(frameOfSite(window.site));
    // The write that closed the window: its flow's, or a helper's the flow called (detect.ts, callerWindow).
    const back = current.window === window ? current : previous;
    // The await the writing-back access resumed from: the one between the read and the write.
    const via = back.via;
    const continued = back.ctx !== t && back.ctx.kind !== 'async';
    const awaited = via >= 0 ? `, awaited at ${where(frameOfSite(via))}` : continued ? '' : ', yielded';
    const through =
      back.ctx === t
        ? ''
        : continued
          ? ` in async context ${back.ctx.id}, a callback it scheduled`
          : ` through async context ${back.ctx.id}, an async function it called`;
    if (back === current) {
      const between = previous.seq > window.seq ? 'wrote it in between' : 'writes it with nothing ordering that write after the read, so it can fall in between';
      return `Lost update: async context ${t.id} read ${loc} at ${readAt}${awaited}, and wrote it back${through}, but ${p} ${between}; one of the two updates is lost.`;
    }
    return `Lost update: async context ${t.id} read ${loc} at ${readAt}${awaited}, and wrote it back${through}, but ${c} writes it with nothing ordering the two writes, so it can fall in between; one of the two updates is lost.`;
  }
  if (kind === 'timing') {
    const [reader, writer] = opOf(current) === 'Read' ? [current, previous] : [previous, current];
    return `Timing-dependent read: async context ${reader.ctx.id} reached this read of ${loc} by waiting on a timer, and async context ${writer.ctx.id} writes it with nothing ordering the two; what it reads depends on timing.`;
  }
  return `Unordered accesses: ${c} and ${p} access ${loc}, at least one writes, and nothing orders them.`;
}
