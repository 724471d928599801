// Schedule control over I/O (`schedule=random`, with schedule.ts): the completions of the file-system
// and DNS calls a program makes, and the requests its HTTP servers receive, are held back by seeded
// amounts, so that they come before or after timers, immediates and each other from run to run, and
// the same way again for the same seed.
//
// A completion that reaches the program later is an order Node can always produce (a slower disk, a
// slower resolver): the work itself is not touched, only when the program hears of it. Node resolves
// `fs/promises` calls and runs fs callbacks from C++, where nothing can hold them, so the calls are
// wrapped where programs reach them: the functions of `fs`, `fs/promises`, `dns` and `dns/promises`,
// replaced on those modules (and, through syncBuiltinESMExports, on their ES module namespaces) only
// when schedule=random is on. Each wrapper keeps its function's name and length.
//
// Only calls the program's own code makes are held back (the caller is a file outside node_modules):
// a test runner or a build tool makes thousands of file-system calls of its own, and holding those
// back would slow a suite into its timeouts without reordering anything of the program's.
//
// As with timers, the hold-back is a function of the seed and the call (`fs.readFile`,
// `fsPromises.stat`, ...) alone, for the whole run: every completion of one call is held back alike,
// so that completions of one call keep their order, and a replay does not depend on the order in
// which the program makes its calls.

import dns from 'node:dns';
import dnsPromises from 'node:dns/promises';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { holdBackIo, ownTimer } from './schedule.js';
import { callerFiles } from '../report/stack.js';
import { disguise } from './function-source.js';
import { apply, includesText, promiseThen, SafeWeakMap, startsWithText } from './primordials.js';

type AnyFunction = (...args: unknown[]) => unknown;

const FS_CALLS = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'open',
  'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate',
  'unlink', 'utimes', 'writeFile', 'close', 'fstat', 'fsync', 'read', 'write', 'ftruncate',
];
const DNS_CALLS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse'];

/** Runs `fn` after `ms` (now, if 0) on a timer of the detector's own, which the schedule leaves alone. */
function later(ms: number, fn: () => void): void {
  if (ms === 0) return fn();
  ownTimer(fn, ms);
}

/**
 * Gives the wrapper the original's own properties - name, length, and what hangs on it
 * (`fs.realpath.native`, the `util.promisify.custom` of `fs.read` or `dns.lookup`) - so that it looks
 * and is used like the function it stands for.
 */
function like(wrapper: AnyFunction, original: AnyFunction): AnyFunction {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d !== undefined) Object.defineProperty(wrapper, key, d);
  }
  return disguise(wrapper, original);
}

const sep = `${path.sep}node_modules${path.sep}`;

/** Whether the code that called `wrapper` is the program's: a file outside node_modules. */
function calledByProgram(wrapper: AnyFunction): boolean {
  const file = callerFiles(1, wrapper)?.[0] ?? '';
  return file !== '' && !startsWithText(file, 'node:') && !includesText(file, '/node_modules/') && !includesText(file, sep);
}

/** fs.readFile(path, cb) and the like: the callback runs `ms` later. */
function callbackCall(original: AnyFunction, key: string): AnyFunction {
  const wrapper = like(function (this: unknown, ...args: unknown[]): unknown {
    const last = args.length - 1;
    const cb = args[last];
    const ms = typeof cb === 'function' && calledByProgram(wrapper) ? holdBackIo(key) : 0;
    if (ms > 0) args[last] = (...results: unknown[]) => later(ms, () => apply(cb as AnyFunction, undefined, results));
    return apply(original, this, args);
  }, original);
  return wrapper;
}

/** fsPromises.readFile(path) and the like: the returned promise settles `ms` later. */
function promiseCall(original: AnyFunction, key: string): AnyFunction {
  const wrapper = like(function (this: unknown, ...args: unknown[]): unknown {
    const ms = calledByProgram(wrapper) ? holdBackIo(key) : 0;
    const p = apply(original, this, args) as Promise<unknown>;
    if (ms === 0) return p;
    return new Promise((resolve, reject) => {
      promiseThen(
        p,
        (v) => later(ms, () => resolve(v)),
        (e) => later(ms, () => reject(e)),
      );
    });
  }, original);
  return wrapper;
}

function wrapAll(target: Record<string, unknown>, names: readonly string[], prefix: string, wrap: (f: AnyFunction, key: string) => AnyFunction): void {
  for (const name of names) {
    const f = target[name];
    if (typeof f !== 'function') continue;
    const d = Object.getOwnPropertyDescriptor(target, name);
    if (d === undefined || !d.writable) continue;
    target[name] = wrap(f as AnyFunction, `${prefix}.${name}`);
  }
}

/**
 * HTTP requests: a server's 'request' event, held back by an amount for its connection (the n-th
 * connection the process's servers accepted), so that requests on different connections come in
 * other orders - a slower client or network - while those on one connection keep theirs. Node emits
 * it from its HTTP parser with `server.emit('request', req, res)` and ignores the result; the
 * override sits on net.Server.prototype (HTTP and HTTPS servers inherit from it) and passes every
 * other event straight through.
 */
function holdBackRequests(): void {
  const proto = net.Server.prototype as unknown as Record<string, unknown>;
  const emit = proto.emit as AnyFunction;
  const connections = new SafeWeakMap<object, number>();
  let accepted = 0;
  const wrapper = like(function (this: net.Server, ...args: unknown[]): unknown {
    const socket = args[0] === 'request' ? (args[1] as { socket?: unknown } | undefined)?.socket : undefined;
    if (socket === null || typeof socket !== 'object') return apply(emit, this, args);
    let n = connections.get(socket);
    if (n === undefined) connections.set(socket, (n = accepted++));
    const ms = holdBackIo(`http.request#${n}`);
    if (ms === 0) return apply(emit, this, args);
    later(ms, () => apply(emit, this, args));
    return this.listenerCount('request') > 0;
  }, emit);
  Object.defineProperty(proto, 'emit', { value: wrapper, writable: true, configurable: true, enumerable: false });
}

/** Puts the wrappers in place (schedule=random only). */
export function holdBackIoCompletions(): void {
  holdBackRequests();
  wrapAll(fs as unknown as Record<string, unknown>, FS_CALLS, 'fs', callbackCall);
  wrapAll(fsPromises as unknown as Record<string, unknown>, FS_CALLS, 'fsPromises', promiseCall);
  wrapAll(dns as unknown as Record<string, unknown>, DNS_CALLS, 'dns', callbackCall);
  wrapAll(dnsPromises as unknown as Record<string, unknown>, DNS_CALLS, 'dnsPromises', promiseCall);
  syncBuiltinESMExports();
}
