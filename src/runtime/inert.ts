// Entry points that only do what the program would: the accesses happen, nothing is recorded. Used
// between sampling windows (access.ts), in a process where the detector does not run but instrumented
// code does (Vitest's main process), and on the module hooks' own thread, where a hooks module the
// program registers after the detector's is instrumented like any other file.

/** Entry points that return their first argument (the object, value or promise they were given). */
export const RETURNS_FIRST = ['r', 'x', 'p', 'w', 'u', 'm', 'ka', 'kb', 'kz', 'wa', 'ua', 'wz', 'la', 'lz', 'm1', 'm0', 'dr', 'ir', 'vr', 'it', 'n', 'rb', 'xb', 'pb', 'wb', 'ub', 'aw', 'ys', 'rs', 'ib', 'pt', 'ca', 'cb', 'hk', 'hz', 'sz', 'cs', 'az'] as const;
/**
 * Entry points of computed keys: they leave the key in `k` for the rewritten access to read back (`hi`
 * and `hp`, for `k in o`, are given the key first and leave the object there).
 */
export const KEEPS_KEY = ['pk', 'rk', 'wk', 'uk', 'd', 'wak', 'uak', 'lak', 'hi', 'hp'] as const;

export const same = <T>(o: T): T => o;
export function keyOnly(this: { k: unknown }, o: unknown, key: unknown): unknown {
  this.k = key;
  return o;
}

/**
 * Every entry point, inert, for a thread without the runtime: flows are none, and a file registers
 * only how to find its code before instrumentation (`origin`, for Function.prototype.toString).
 */
export function standaloneInertApi(noteOrigin: (url: string, origin: string) => void): Record<string, unknown> {
  const placeholder = Object.freeze({});
  const api: Record<string, unknown> = {
    file: (url: unknown, _count: unknown, _table: unknown, _names: unknown, _guards: unknown, origin: unknown) => {
      if (typeof url === 'string' && typeof origin === 'string') noteOrigin(url, origin);
      return 0;
    },
    v: () => placeholder,
    top: () => placeholder,
    flush: () => undefined,
    pd: () => 0,
    enter: () => placeholder,
    eg: () => placeholder,
    ex: () => undefined,
    im: () => placeholder,
    leave: () => undefined,
  };
  for (const name of RETURNS_FIRST) api[name] = same;
  for (const name of KEEPS_KEY) api[name] = keyOnly;
  return Object.assign(Object.create(api) as object, { k: undefined });
}
