// TypeScript async code: parameter properties, generics, private fields, enums in switches, typed async generators, error frames.
enum Level { Debug = 10, Info = 20, Error = 40 }
interface Job<T> { id: number; input: T }
type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const where = (e: Error) => { const m = /([^/\\(]+):(\d+):(\d+)\)?$/.exec(e.stack!.split('\n')[1].trim()); return m ? `${m[1]}:${m[2]}:${m[3]}` : '?'; };
class Worker<TIn, TOut> {
  #done = 0;
  private readonly log: string[] = [];
  constructor(private readonly name: string, protected fn: (x: TIn) => Promise<TOut>, public level: Level = Level.Info) {}
  async run(job: Job<TIn>): Promise<Result<TOut>> {
    this.log.push(`${this.name}:start:${job.id}`);
    try {
      const value = await this.fn(job.input);
      this.#done++;
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: `${(e as Error).constructor.name}: ${(e as Error).message} @ ${where(e as Error)}` };
    } finally {
      this.log.push(`${this.name}:end:${job.id}`);
    }
  }
  async *runAll(jobs: Iterable<Job<TIn>>): AsyncGenerator<Result<TOut>, number, void> {
    for (const j of jobs) yield await this.run(j);
    return this.#done;
  }
  get summary(): string { return `${this.name} done=${this.#done} level=${Level[this.level]} log=${this.log.join(',')}`; }
}
function describe(level: Level): string {
  switch (level) {
    case Level.Debug: return 'verbose';
    case Level.Info: return 'normal';
    default: return 'quiet';
  }
}
const parse = async (s: string): Promise<number> => {
  await sleep(1);
  const n = Number.parseInt(s, 10);
  if (Number.isNaN(n)) throw new SyntaxError(`not a number: ${s}`);
  return n * 2;
};
async function main(): Promise<void> {
  const w = new Worker<string, number>('parser', parse, Level.Debug);
  console.log(await w.run({ id: 1, input: '21' }));
  console.log(await w.run({ id: 2, input: 'x' }));
  const results: Result<number>[] = [];
  const gen = w.runAll([{ id: 3, input: '1' }, { id: 4, input: '?' }, { id: 5, input: '5' }]);
  let step = await gen.next();
  while (!step.done) { results.push(step.value); step = await gen.next(); }
  console.log(results.map((r) => (r.ok ? r.value : r.error)), 'returned', step.value);
  console.log(w.summary, describe(w.level), describe(Level.Error));
  const typed = new Map<string, Job<number>[]>();
  for (const [k, id] of [['a', 1], ['b', 2], ['a', 3]] as const) typed.set(k, [...(typed.get(k) ?? []), { id, input: id * 10 }]);
  console.log(JSON.stringify([...typed]));
  const deep = async <T,>(v: T, depth: number): Promise<T> => (depth === 0 ? v : deep(v, depth - 1));
  console.log(await deep({ nested: true }, 3));
  try { await Promise.reject(new RangeError('typed rejection')); } catch (err: unknown) { if (err instanceof RangeError) console.log('narrowed', err.message, where(err)); }
}
main().then(() => console.log('done'));
