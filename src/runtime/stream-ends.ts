// Rule 3 for stream.pipeline and stream.finished: they call back (or settle their promise) once every
// stream they watch has ended, finished, closed or failed, which they learn by counting events (a
// pipeline's finishCount) or by checking state flags (finished on a duplex waits for both 'end' and
// 'finish'). The callback is queued by whichever of those events came last, so the hooks order only
// that one before it: a gzip stage's 'end' listener that wrote a job's phase looked unordered with
// the write after `await pipeline(file, gzip, sink)` whenever the file stream's close came last.
// Every stream's terminal events are noted with the segment that emitted them (a wrapper of `emit` on
// the streams' common prototype, Stream.prototype): the last one for any stream, since a stream
// handed over after it ended (`await finished(rs)` once rs has closed, which resolves at once) must
// still be joined; up to four once the stream has been given to pipeline or finished, which wait for
// several of them (a duplex's 'end' and 'finish'). The callback, or the promise's settlement, joins
// every noted segment of its streams. Not joined (a possible report, never a missed race): the events
// of an ended stream before its last one, and those of the streams pipeline makes from transform
// functions, which the program never holds.

import stream from 'node:stream';
import { syncBuiltinESMExports } from 'node:module';
import { OuterSegment, current, era, joinSegment, segmentOfCurrent } from './context.js';
import { type Clock, EMPTY } from './clock.js';
import { joinAtSettlement } from './hooks.js';
import { disguise } from './function-source.js';
import { apply, reflectGet, SafeWeakMap } from './primordials.js';

/**
 * A stream's terminal events ('end', 'finish', 'close', 'error'): the segment of its last one, or, for a
 * stream given to pipeline or finished, a list of them.
 */
const terminalSegments = new SafeWeakMap<object, OuterSegment | OuterSegment[]>();

function noteTerminal(s: object): void {
  const seg = segmentOfCurrent();
  const list = terminalSegments.get(s);
  if (list === undefined || list instanceof OuterSegment) {
    if (list !== seg) terminalSegments.set(s, seg);
    return;
  }
  if (list.length === 0 || (list[list.length - 1] !== seg && list.length < 4)) list[list.length] = seg;
  else list[list.length - 1] = seg;
}

function watch(streams: readonly object[]): void {
  for (let i = 0; i < streams.length; i++) {
    const had = terminalSegments.get(streams[i]);
    if (had === undefined) terminalSegments.set(streams[i], []);
    else if (had instanceof OuterSegment) terminalSegments.set(streams[i], [had]);
  }
}

/** What every terminal event of `streams` knew by the end of the segment that emitted it. */
function endsOf(streams: readonly object[]): Clock {
  let vc = EMPTY;
  for (let i = 0; i < streams.length; i++) {
    const had = terminalSegments.get(streams[i]);
    if (had instanceof OuterSegment) vc = joinSegment(vc, had);
    else if (had !== undefined) for (let j = 0; j < had.length; j++) vc = joinSegment(vc, had[j]);
  }
  return vc;
}

/** An emitter, which a stream is; options objects and transform functions are not. */
function isEmitter(a: unknown): a is object {
  return a !== null && typeof a === 'object' && typeof (a as { on?: unknown }).on === 'function';
}

/** The stream objects among a pipeline's or finished()'s first `end` arguments (an array of them included). */
function streamsIn(args: ArrayLike<unknown>, end: number): object[] {
  const out: object[] = [];
  for (let i = 0; i < end; i++) {
    const a = args[i];
    if (Array.isArray(a)) {
      for (let j = 0; j < a.length; j++) if (isEmitter(a[j])) out[out.length] = a[j];
    } else if (isEmitter(a)) out[out.length] = a;
  }
  return out;
}

type Fn = (...a: unknown[]) => unknown;

/** `pipeline(...streams, cb)` and `finished(stream, [options], cb)`: the callback joins the streams' ends first. */
function withJoinedCallback(original: Fn, lastIsStream: boolean): Fn {
  const wrapper = {
    [original.name](this: unknown, ...args: unknown[]): unknown {
      const cb = args[args.length - 1];
      if (typeof cb === 'function') {
        // finished(stream, options, cb): only the first argument is a stream.
        const streams = streamsIn(args, lastIsStream ? args.length - 1 : 1);
        try {
          watch(streams);
        } catch {
          /* bookkeeping never breaks a pipeline */
        }
        args[args.length - 1] = function (this: unknown): unknown {
          if (era.tracking) {
            try {
              current.acquireClock(endsOf(streams));
            } catch {
              /* bookkeeping never breaks a callback */
            }
          }
          return apply(cb as Fn, this, arguments as unknown as unknown[]);
        };
      }
      return apply(original, this, args);
    },
  }[original.name];
  return disguise(wrapper, original);
}

/** The promise versions: the settlement joins the streams' ends (see hooks.ts, joinAtSettlement). */
function withJoinedSettlement(original: Fn, allStreams: boolean): Fn {
  const wrapper = {
    [original.name](this: unknown, ...args: unknown[]): unknown {
      let streams: object[] = [];
      try {
        streams = streamsIn(args, allStreams ? args.length : 1);
        watch(streams);
      } catch {
        /* bookkeeping never breaks a pipeline */
      }
      const result = apply(original, this, args);
      try {
        if (streams.length > 0) joinAtSettlement(result, () => endsOf(streams));
      } catch {
        /* bookkeeping never breaks a pipeline */
      }
      return result;
    },
  }[original.name];
  return disguise(wrapper, original);
}

/** Replaces `key` of `holder` keeping its descriptor's flags; left alone when it is not a plain writable function. */
function replace(holder: object, key: string, make: (original: Fn) => Fn): void {
  const d = Object.getOwnPropertyDescriptor(holder, key);
  if (d === undefined || typeof d.value !== 'function' || d.writable !== true) return;
  const original = d.value as Fn;
  const wrapper = make(original);
  // util.promisify(stream.pipeline) finds the promise version through the original's custom symbol.
  for (const sym of Object.getOwnPropertySymbols(original)) {
    const sd = Object.getOwnPropertyDescriptor(original, sym);
    if (sd !== undefined) Object.defineProperty(wrapper, sym, sd);
  }
  Object.defineProperty(holder, key, { ...d, value: wrapper });
}

function patchEmit(): void {
  const proto = stream.Stream.prototype as unknown as object;
  if (Object.prototype.hasOwnProperty.call(proto, 'emit')) return;
  const inherited = Object.getPrototypeOf(proto) as object;
  const emit = reflectGet(inherited, 'emit', proto) as Fn;
  Object.defineProperty(proto, 'emit', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: disguise(
      {
        emit(this: object, event: unknown): boolean {
          if (era.tracking && (event === 'end' || event === 'finish' || event === 'close' || event === 'error')) {
            try {
              noteTerminal(this);
            } catch {
              /* bookkeeping never breaks an event */
            }
          }
          // The emit inherited now: a program that replaces EventEmitter.prototype.emit still sees every event.
          return apply(reflectGet(inherited, 'emit', this) as Fn, this, arguments as unknown as unknown[]) as boolean;
        },
      }.emit,
      emit,
    ),
  });
}

export function patchStreamEnds(): void {
  patchEmit();
  replace(stream, 'pipeline', (o) => withJoinedCallback(o, true));
  replace(stream, 'finished', (o) => withJoinedCallback(o, false));
  const promises = stream.promises as unknown as object;
  replace(promises, 'pipeline', (o) => withJoinedSettlement(o, true));
  replace(promises, 'finished', (o) => withJoinedSettlement(o, false));
  syncBuiltinESMExports();
}
