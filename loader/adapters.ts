// Libraries that synchronise through their own counters, where the event loop shows no edge: p-queue's
// onIdle() resolves in the context of the last task to finish, which never learned what the other
// tasks did, although the queue guarantees they are all done; a free lock is granted by reading a
// counter the last holder reset. Such a library file gets one line
// appended as it loads (whether or not it is instrumented): a call that hands its class to the
// runtime's adapter (src/integrations/), which adds the edges the library's guarantee implies.
// Appending keeps every line and column where it was. The call is guarded: another version of the file
// without the class runs as it is.

const RUNTIME = 'globalThis[Symbol.for("racedetect.runtime")]';

interface Adapter {
  /** The library file, by path. */
  file: RegExp;
  /** The binding its class has at the file's top level. */
  binding: string;
  name: string;
}

const ADAPTERS: readonly Adapter[] = [
  // p-queue 6 (CommonJS) to 9 (ES modules): dist/index.js declares `class PQueue`.
  { file: /[\\/]node_modules[\\/]p-queue[\\/]dist[\\/]index\.js$/, binding: 'PQueue', name: 'p-queue' },
  // async-mutex: each of its three builds (ES bundle, ES modules, CommonJS) declares its own Semaphore.
  { file: /[\\/]node_modules[\\/]async-mutex[\\/](?:index\.mjs|(?:es6|lib)[\\/]Semaphore\.js)$/, binding: 'Semaphore', name: 'async-mutex' },
  // async-lock (CommonJS): lib/index.js declares `var AsyncLock`.
  { file: /[\\/]node_modules[\\/]async-lock[\\/]lib[\\/]index\.js$/, binding: 'AsyncLock', name: 'async-lock' },
];

/** What to append to `file` as it loads, or ''. */
export function adapterSuffix(file: string): string {
  for (const a of ADAPTERS) {
    if (a.file.test(file)) return `\n;typeof ${a.binding} === "function" && ${RUNTIME}?.adapt?.(${JSON.stringify(a.name)}, ${a.binding});\n`;
  }
  return '';
}
