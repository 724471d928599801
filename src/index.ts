// The annotations API (Go's internal/race): every function is a no-op costing one property read when
// the detector is not loaded, so code can keep its annotations in production.

const RUNTIME_KEY = Symbol.for('racedetect.runtime');

interface Runtime {
  annotations: {
    happensBefore(key: unknown): void;
    happensAfter(key: unknown): void;
    ignore(delta: number): void;
    races(): readonly unknown[];
  };
}

function runtime(): Runtime | undefined {
  return (globalThis as Record<symbol, Runtime | undefined>)[RUNTIME_KEY];
}

/** True when the program runs under racedetect. */
export function enabled(): boolean {
  return runtime() !== undefined;
}

/** Release: everything this flow did so far happens before a later `happensAfter(key)`. */
export function happensBefore(key: unknown): void {
  runtime()?.annotations.happensBefore(key);
}

/** Acquire: this flow continues after every earlier `happensBefore(key)`. */
export function happensAfter(key: unknown): void {
  runtime()?.annotations.happensAfter(key);
}

/** Runs `fn` with race detection off for its synchronous accesses (nestable). */
export function ignore<T>(fn: () => T): T {
  const rt = runtime();
  if (rt === undefined) return fn();
  rt.annotations.ignore(1);
  try {
    return fn();
  } finally {
    rt.annotations.ignore(-1);
  }
}

export interface RaceReportSummary {
  kind: string;
  location: string;
  explanation: string;
  [key: string]: unknown;
}

/** The races reported so far in this process. */
export function races(): RaceReportSummary[] {
  return (runtime()?.annotations.races() ?? []) as RaceReportSummary[];
}

/**
 * A mutex whose release happens before the next acquire (SPEC rule 5), usable with or without the
 * detector. `runExclusive` runs one callback at a time, in call order.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private readonly key = {};

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    happensAfter(this.key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      happensBefore(this.key);
      release();
    };
  }

  async runExclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
