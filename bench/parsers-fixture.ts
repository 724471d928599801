// Input for bench/parsers.mjs (TypeScript transpile timing): a realistic application module
// with interfaces, generics, enums, classes, parameter properties, overloads and type-only
// imports, and no decorators. It is only read as text, never imported or type-checked.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

export enum JobState {
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

export enum Priority { Low = 1, Normal = 5, High = 10 }

export interface Job<P = unknown, R = unknown> {
  readonly id: string;
  payload: P;
  priority: Priority;
  state: JobState;
  attempts: number;
  result?: R;
  error?: Error;
}

export interface Store<K, V> {
  get(key: K): Promise<V | undefined>;
  set(key: K, value: V, ttlMs?: number): Promise<void>;
  delete(key: K): Promise<boolean>;
}

type Handler<P, R> = (payload: P, signal: AbortSignal) => Promise<R>;
type Stats = Record<JobState, number> & { total: number };
type Listener<E extends keyof QueueEvents> = (event: QueueEvents[E]) => void;

interface QueueEvents {
  queued: { id: string };
  finished: { id: string; ms: number };
  failed: { id: string; error: Error };
}

const DEFAULTS = { concurrency: 4, maxAttempts: 3, backoffMs: 50 } as const;

export class MemoryStore<K, V> implements Store<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: K): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires !== 0 && entry.expires < this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: K, value: V, ttlMs = 0): Promise<void> {
    this.entries.set(key, { value, expires: ttlMs > 0 ? this.now() + ttlMs : 0 });
  }

  async delete(key: K): Promise<boolean> {
    return this.entries.delete(key);
  }
}

abstract class Base extends EventEmitter {
  protected closed = false;
  abstract stats(): Stats;

  protected assertOpen(): void {
    if (this.closed) throw new Error(`${this.constructor.name} is closed`);
  }
}

export class JobQueue<P, R> extends Base {
  private readonly jobs = new Map<string, Job<P, R>>();
  private readonly waiting: Job<P, R>[] = [];
  private running = 0;
  private seq = 0;
  private controller!: AbortController;

  constructor(
    private readonly handler: Handler<P, R>,
    private readonly store: Store<string, R>,
    private readonly options: Partial<typeof DEFAULTS> = {},
  ) {
    super();
    this.controller = new AbortController();
  }

  on<E extends keyof QueueEvents>(event: E, listener: Listener<E>): this {
    return super.on(event, listener);
  }

  enqueue(payload: P): string;
  enqueue(payload: P, priority: Priority): string;
  enqueue(payload: P, priority: Priority = Priority.Normal): string {
    this.assertOpen();
    const id = `job-${++this.seq}`;
    const job: Job<P, R> = { id, payload, priority, state: JobState.Queued, attempts: 0 };
    this.jobs.set(id, job);
    const at = this.waiting.findIndex((other) => other.priority < priority);
    this.waiting.splice(at === -1 ? this.waiting.length : at, 0, job);
    this.emit('queued', { id });
    queueMicrotask(() => this.pump());
    return id;
  }

  private pump(): void {
    const limit = this.options.concurrency ?? DEFAULTS.concurrency;
    while (this.running < limit && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: Job<P, R>): Promise<void> {
    const started = performance.now();
    job.state = JobState.Running;
    const cached = await this.store.get(job.id);
    try {
      job.result = cached ?? (await this.handler(job.payload, this.controller.signal));
      await this.store.set(job.id, job.result, 60_000);
      job.state = JobState.Done;
      this.emit('finished', { id: job.id, ms: performance.now() - started });
    } catch (err) {
      job.attempts++;
      const max = this.options.maxAttempts ?? DEFAULTS.maxAttempts;
      if (job.attempts < max) {
        job.state = JobState.Queued;
        setTimeout(() => this.waiting.push(job), (this.options.backoffMs ?? DEFAULTS.backoffMs) * job.attempts);
      } else {
        job.state = JobState.Failed;
        job.error = err instanceof Error ? err : new Error(String(err));
        this.emit('failed', { id: job.id, error: job.error });
      }
    }
  }

  stats(): Stats {
    const out = { total: this.jobs.size } as Stats;
    for (const state of Object.values(JobState)) out[state] = 0;
    for (const job of this.jobs.values()) out[job.state]++;
    return out;
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
  }
}

export function route<P extends object, R>(queue: JobQueue<P, R>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as P & { priority?: Priority };
    const id = queue.enqueue(body, body.priority ?? Priority.Normal);
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, stats: queue.stats() } satisfies { id: string; stats: Stats }));
  };
}
