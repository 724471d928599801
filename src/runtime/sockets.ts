// Rule 6: in-process socket and pipe traffic. A write to a connection happens before the peer's read
// of it (TSan does the same for file descriptors). Each direction of a TCP connection is a channel
// named by its endpoints, so the writer's "A>B" is the reader's "A>B" too; a write releases into the
// channel's clock and every callback that reads from the peer socket acquires it. Sockets without
// ports (pipes) share one channel.
//
// A server meets a new endpoint pair with every connection, so a channel must not outlive its sockets:
// the name is dropped from the table once the writing socket is garbage (a FinalizationRegistry), and
// a reading socket that found its channel keeps it for as long as it lives itself. A later connection
// that happens to reuse the same ports gets a channel of its own.

import net from 'node:net';
import { type Clock, EMPTY, joinStamp } from './clock.js';
import { current, era } from './context.js';
import { createTag, createWeakTag } from './tag.js';
import { disguise } from './function-source.js';
import { apply, SafeMap } from './primordials.js';

interface Keys {
  read: string;
  write: string;
  /** The channel this socket reads, once its peer's first write made one. */
  reading: Channel | null;
  /** The channel this socket writes, made by its first write. */
  writing: Channel | null;
}

interface Channel {
  clock: Clock;
  /**
   * Rule 8 beside rule 6: the peer reads in a later macrotask, after the whole drain of the turn that
   * wrote (a response ended in a timer callback, then a reaction of that turn records it: the client
   * that got the response comes after the reaction). The turn of the last write only (joining every
   * earlier write's turn too cost the server benchmark 5%); queue order, so for timing-dependent reads
   * only.
   */
  lastTurn: Turn | null;
}

/**
 * What a channel keeps of a turn that wrote into it (hooks.ts fills it in): its drain, EMPTY until the
 * turn is over. Only this: the turn's own record leads to the resource that began it, its socket, that
 * socket's channel and the turn that wrote there last, one connection after another.
 */
export interface Turn {
  readonly drain: Clock;
}

let turnNow: () => Turn | null = () => null;

/** hooks.ts tells which turn is running (its outcome box, made on the first ask). */
export function trackTurns(fn: () => Turn): void {
  turnNow = fn;
}

const channels = new SafeMap<string, Channel>();
const PIPE: Channel = { clock: EMPTY, lastTurn: null };

// Runs on the event loop outside any callback the detector tracks; it only removes a table entry.
const writers = new FinalizationRegistry<{ name: string; channel: Channel }>(({ name, channel }) => {
  if (channels.get(name) === channel) channels.delete(name);
});
const keysTag = createTag<Keys>();
// Under sampling, sockets are met mid-life (see createWeakTag).
const keysWeak = createWeakTag<Keys>();
let ownerSymbol: symbol | null = null;

/**
 * An IPv4 address as both ends name it: a server listening on `::` (Node's default) sees an IPv4
 * client as `::ffff:127.0.0.1`, while the client names the same end `127.0.0.1`.
 */
function plainAddress(address: string | undefined): string | undefined {
  return address !== undefined && address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function keysOf(sock: net.Socket): Keys | null {
  const tag = era.sampling ? keysWeak : keysTag;
  const cached = tag.get(sock);
  if (cached !== undefined) return cached;
  const lp = sock.localPort;
  const rp = sock.remotePort;
  if (lp === undefined || rp === undefined) return sock.remoteAddress === undefined && sock.readyState === 'open' ? { read: 'pipe', write: 'pipe', reading: PIPE, writing: PIPE } : null;
  const local = `${plainAddress(sock.localAddress)}:${lp}`;
  const remote = `${plainAddress(sock.remoteAddress)}:${rp}`;
  const keys: Keys = { read: `${remote}>${local}`, write: `${local}>${remote}`, reading: null, writing: null };
  tag.set(sock, keys);
  return keys;
}

/**
 * The socket whose data a callback's resource delivers: an HTTP parser's socket (a server's parser
 * resource names it; a client's names its request, whose socket it is), a TCP or pipe handle's owner,
 * or a keep-alive socket's handle, which the agent gives a new resource (`ReusedHandle`) on every reuse.
 */
export function socketOf(resource: unknown): net.Socket | null {
  if (resource === null || typeof resource !== 'object') return null;
  const r = resource as Record<string | symbol, unknown>;
  const s = r.socket;
  if (s instanceof net.Socket) return s;
  const req = r.req as { socket?: unknown } | null | undefined;
  if (req !== null && typeof req === 'object' && req.socket instanceof net.Socket) return req.socket;
  const name = (resource as { constructor?: { name?: string } }).constructor?.name;
  if (name === 'ReusedHandle') return handleOwner(r.handle);
  if (name !== 'TCP' && name !== 'Pipe') return null;
  return handleOwner(resource);
}

/** The net.Socket that owns a TCP or pipe handle. */
function handleOwner(handle: unknown): net.Socket | null {
  if (handle === null || typeof handle !== 'object') return null;
  if (ownerSymbol === null) for (const x of Object.getOwnPropertySymbols(handle)) if (x.description === 'owner_symbol') ownerSymbol = x;
  const owner = ownerSymbol !== null ? (handle as Record<symbol, unknown>)[ownerSymbol] : undefined;
  return owner instanceof net.Socket ? owner : null;
}

/** What the peer's writes to `sock` released so far. */
export function socketReadClock(sock: net.Socket): Clock {
  const keys = keysOf(sock);
  if (keys === null) return EMPTY;
  // The table's entry when there is one: before this connection's peer first writes, the name may
  // still point to an earlier connection's channel, and the peer's first write replaces it.
  const named = channels.get(keys.read);
  if (named !== undefined) keys.reading = named;
  return keys.reading?.clock ?? EMPTY;
}

/** What the turn that last wrote what `sock` reads did in its drain (call after socketReadClock). */
export function socketReadDrain(sock: net.Socket): Clock {
  // A turn still running has no drain here yet (a write in this very turn cannot be what one of its
  // events delivers anyway).
  return keysOf(sock)?.reading?.lastTurn?.drain ?? EMPTY;
}

/**
 * The channel `sock` writes into. Each connection gets its own, even when its endpoints repeat an
 * earlier connection's whose socket is closed but not yet collected.
 */
function writeChannel(sock: net.Socket, keys: Keys): Channel {
  if (keys.writing !== null) return keys.writing;
  const channel: Channel = { clock: EMPTY, lastTurn: null };
  keys.writing = channel;
  channels.set(keys.write, channel);
  writers.register(sock, { name: keys.write, channel });
  return channel;
}

function released(sock: net.Socket): void {
  if (!era.tracking) return;
  const keys = keysOf(sock);
  if (keys === null) return;
  const channel = writeChannel(sock, keys);
  channel.clock = joinStamp(channel.clock, current.stamp());
  channel.lastTurn = turnNow();
}

let patched = false;
export function patchSockets(): void {
  if (patched) return;
  patched = true;
  const proto = net.Socket.prototype as unknown as Record<string, unknown>;
  const original = proto._writeGeneric;
  if (typeof original !== 'function') return;
  proto._writeGeneric = disguise(function _writeGeneric(this: net.Socket, ...args: unknown[]) {
    try {
      released(this);
    } catch {
      /* never let bookkeeping break a write */
    }
    return apply(original, this, args);
  }, original);
}

// Rule 4: `server.close(cb)` and the server's 'close' event come after every connection has closed.
// Each connection's close goes through _emitCloseIfDrained; the server keeps the join of all of them,
// and the call that finally schedules 'close' acquires it.
const serverClocks = createTag<Clock>();

export function patchServerClose(): void {
  const proto = net.Server.prototype as unknown as Record<string, unknown>;
  const original = proto._emitCloseIfDrained;
  if (typeof original !== 'function') return;
  proto._emitCloseIfDrained = disguise(function _emitCloseIfDrained(this: net.Server, ...args: unknown[]) {
    try {
      if (era.tracking) {
        const joined = joinStamp(serverClocks.get(this) ?? EMPTY, current.stamp());
        serverClocks.set(this, joined);
        current.acquireClock(joined);
      }
    } catch {
      /* bookkeeping never breaks the server */
    }
    return apply(original, this, args);
  }, original);
}

// Rule 6 for message passing in one thread: postMessage on a MessagePort or BroadcastChannel happens
// before the 'message' event it causes. Ports do not say who their peer is, so all of them share one
// channel clock (an over-approximation: it may order more than the program does, never less).
let messages: Clock = EMPTY;

export function messageChannelClock(): Clock {
  return messages;
}

export function patchMessagePorts(MessagePortClass: { prototype: object } | undefined, BroadcastChannelClass: { prototype: object } | undefined): void {
  for (const cls of [MessagePortClass, BroadcastChannelClass]) {
    const proto = cls?.prototype as Record<string, unknown> | undefined;
    const original = proto?.postMessage;
    if (!proto || typeof original !== 'function') continue;
    // The built-in's own attributes (Node defines it enumerable): Object.keys of the prototype stays as it was.
    const d = Object.getOwnPropertyDescriptor(proto, 'postMessage');
    Object.defineProperty(proto, 'postMessage', {
      configurable: d?.configurable ?? true,
      writable: d?.writable ?? true,
      enumerable: d?.enumerable ?? true,
      value: disguise({
        postMessage(this: unknown, ...args: unknown[]) {
          try {
            if (era.tracking) messages = joinStamp(messages, current.stamp());
          } catch {
            /* bookkeeping never breaks a message */
          }
          return apply(original, this, args);
        },
      }.postMessage, original),
    });
  }
}
