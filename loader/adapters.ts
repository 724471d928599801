// Libraries that synchronise through their own counters, where the event loop shows no edge: p-queue's
// onIdle() resolves in the context of the last task to finish, which never learned what the other
// tasks did, although the queue guarantees they are all done; a free lock is granted by reading a
// counter the last holder reset; async's parallel/each and p-map call their final callback, or
// resolve, from whichever task finished last, and so do fastq's drain and drained(). Such a library file is adapted as it loads (whether or not it is instrumented):
//
// - a class the runtime adapts (src/integrations/): one guarded line appended, handing the class over;
// - a callback wrapper the runtime turns into a latch: a call inserted where the wrapper calls through.
//
// Neither moves a line: an append adds lines at the end, an insertion stays on its line. The calls are
// guarded: another version of the file without the class runs as it is, and one without the text is
// left alone.

const RUNTIME = 'globalThis[Symbol.for("racedetect.runtime")]';

interface ClassAdapter {
  /** The library file, by path. */
  file: RegExp;
  /** The binding its class has at the file's top level. */
  binding: string;
  name: string;
}

interface CallAdapter {
  file: RegExp;
  /** Text in the file after which the latch call goes (every occurrence), on the same line. */
  after?: string;
  /** Or before which it goes. */
  before?: string;
  name: string;
}

const CLASSES: readonly ClassAdapter[] = [
  // p-queue 6 (CommonJS) to 9 (ES modules): dist/index.js declares `class PQueue`.
  { file: /[\\/]node_modules[\\/]p-queue[\\/]dist[\\/]index\.js$/, binding: 'PQueue', name: 'p-queue' },
  // async-mutex: each of its three builds (ES bundle, ES modules, CommonJS) declares its own Semaphore.
  { file: /[\\/]node_modules[\\/]async-mutex[\\/](?:index\.mjs|(?:es6|lib)[\\/]Semaphore\.js)$/, binding: 'Semaphore', name: 'async-mutex' },
  // async-lock (CommonJS): lib/index.js declares `var AsyncLock`.
  { file: /[\\/]node_modules[\\/]async-lock[\\/]lib[\\/]index\.js$/, binding: 'AsyncLock', name: 'async-lock' },
];

const CALLS: readonly CallAdapter[] = [
  // async 2-3: every task callback goes through onlyOnce(), every final callback through once(); both
  // end in `callFn.apply(this, args)` (the bundles, and the per-function modules' internal/).
  { file: /[\\/]node_modules[\\/]async[\\/](?:dist[\\/]async\.m?js|internal[\\/]only[Oo]nce\.js|internal[\\/]once\.js)$/, before: 'callFn.apply(this, args);', name: 'async' },
  // p-map 4-7: each element's runner awaits the mapper, then records the value; the run resolves from
  // whichever runner finished last. The latch goes right after the mapper's await.
  { file: /[\\/]node_modules[\\/]p-map[\\/]index\.js$/, after: 'const value = await mapper(element, index);', name: 'p-map' },
  // fastq 1 (avvio's and Fastify's queue): every task's end goes through its Task's worked(), and
  // drain()/drained() fire from whichever task ended last (a count of running workers).
  { file: /[\\/]node_modules[\\/]fastq[\\/]queue\.js$/, after: 'this.worked = function worked (err, result) {', name: 'fastq' },
];

function latchCall(name: string): string {
  return `${RUNTIME}?.latch?.(${JSON.stringify(name)}); `;
}

/** The source as it should run: adapted if it is one of the files above, else unchanged. */
export function adaptSource(file: string, source: string): string {
  let out = source;
  for (const a of CALLS) {
    if (!a.file.test(file)) continue;
    const call = latchCall(a.name);
    if (out.includes(call)) continue; // adapted already (by the module hooks, before require's compile step)
    if (a.before !== undefined) out = out.split(a.before).join(call + a.before);
    if (a.after !== undefined) out = out.split(a.after).join(`${a.after} ${call}`);
  }
  for (const a of CLASSES) {
    if (!a.file.test(file)) continue;
    const suffix = `\n;typeof ${a.binding} === "function" && ${RUNTIME}?.adapt?.(${JSON.stringify(a.name)}, ${a.binding});\n`;
    if (!out.endsWith(suffix)) out += suffix;
  }
  return out;
}

/** Whether `file` is adapted at all (most are not: the loader need not decode their bytes). */
export function adapts(file: string): boolean {
  return CALLS.some((a) => a.file.test(file)) || CLASSES.some((a) => a.file.test(file));
}
