// Options, declared once: the table below drives parsing, validation, defaults and the CLI's help.
// Same keys in RACEDETECT_OPTIONS ("key=value key=value", GORACE's form) and as CLI flags (--key=value).

export interface Options {
  exitcode: number;
  halt_on_error: boolean;
  log_path: string;
  html: string;
  strip_path_prefix: string;
  history_size: number;
  format: 'text' | 'json';
  strict: boolean;
  suppressions: string;
  include: string[];
  exclude: string[];
  redact: boolean;
  cache: boolean;
  sample_rate: number;
  sample_window: number;
  schedule: 'none' | 'random';
  seed: number;
  fail_tests: boolean;
  hold: string;
  hold_until: string;
  hold_nth: number;
}

type Parser<T> = (raw: string) => T | undefined;

interface OptionSpec<K extends keyof Options> {
  key: K;
  default: Options[K];
  accepted: string;
  help: string;
  parse: Parser<Options[K]>;
}

export const int = (min: number, max: number): Parser<number> => (raw) => {
  if (!/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
};
const fraction: Parser<number> = (raw) => {
  if (!/^(0|1)?(\.\d+)?$/.test(raw) || raw === '' || raw === '.') return undefined;
  const n = Number(raw);
  return n > 0 && n <= 1 ? n : undefined;
};
const bool: Parser<boolean> = (raw) => (raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined);
const text: Parser<string> = (raw) => raw;
/** A source location as reports print it: a path, a line and a column (the path may contain colons). */
const location: Parser<string> = (raw) => (/^.+:\d+:\d+$/.test(raw) ? raw : undefined);
const globs: Parser<string[]> = (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean);

function spec<K extends keyof Options>(s: OptionSpec<K>): OptionSpec<K> {
  return s;
}

export const OPTION_TABLE = [
  spec({ key: 'exitcode', default: 66, accepted: 'an integer 0-255', help: 'exit code when races were found and the program would have exited 0', parse: int(0, 255) }),
  spec({ key: 'halt_on_error', default: false, accepted: '0 or 1', help: 'exit after the first report', parse: bool }),
  spec({ key: 'log_path', default: '', accepted: 'a file path prefix', help: 'write reports to PREFIX.PID (mode 0600) instead of stderr', parse: text }),
  spec({ key: 'html', default: '', accepted: 'a file path', help: 'write a picture of each race to FILE at exit: one self-contained HTML page (mode 0600)', parse: text }),
  spec({ key: 'strip_path_prefix', default: '', accepted: 'a path prefix', help: 'remove this prefix from file paths in reports', parse: text }),
  spec({ key: 'history_size', default: 8, accepted: 'an integer 1-64', help: 'accesses remembered per location (more finds older races, costs memory)', parse: int(1, 64) }),
  spec({ key: 'format', default: 'text', accepted: 'text or json', help: 'text: Go-style reports; json: one JSON object per report', parse: (raw) => (raw === 'text' || raw === 'json' ? raw : undefined) }),
  spec({ key: 'strict', default: false, accepted: '0 or 1', help: "report every unordered conflicting pair (Go's definition)", parse: bool }),
  spec({ key: 'suppressions', default: '', accepted: 'a file of race:PATTERN lines', help: 'suppress reports whose stacks or location match a pattern', parse: text }),
  spec({ key: 'include', default: [], accepted: 'comma-separated globs', help: 'instrument only files matching these globs', parse: globs }),
  spec({ key: 'exclude', default: [], accepted: 'comma-separated globs', help: 'never instrument files matching these globs (node_modules is always excluded unless included)', parse: globs }),
  spec({ key: 'redact', default: false, accepted: '0 or 1', help: 'replace Map keys and property values in reports', parse: bool }),
  spec({ key: 'sample_rate', default: 1, accepted: 'a number greater than 0 and at most 1', help: 'fraction of time the detector is on (production sampling; 1: always)', parse: fraction }),
  spec({ key: 'sample_window', default: 250, accepted: 'an integer 1-60000 (milliseconds)', help: 'length of one sampling window in milliseconds', parse: int(1, 60000) }),
  spec({ key: 'schedule', default: 'none', accepted: 'none or random', help: 'random: hold timers back by seeded amounts, so orders left free vary by seed and replay with it', parse: (raw) => (raw === 'none' || raw === 'random' ? raw : undefined) }),
  spec({ key: 'seed', default: -1, accepted: 'an integer 0-4294967295 (-1: a fresh one each run)', help: 'the seed of schedule=random; printed at exit', parse: int(-1, 4294967295) }),
  spec({ key: 'fail_tests', default: true, accepted: '0 or 1', help: 'a race fails the test it was found in (vitest, node:test); 0: races are only reported', parse: bool }),
  spec({ key: 'hold', default: '', accepted: 'FILE:LINE:COLUMN of an await', help: 'steer one run: hold the flow that reaches this await (the hold_nth time) until another flow reaches hold_until', parse: location }),
  spec({ key: 'hold_until', default: '', accepted: 'FILE:LINE:COLUMN of an access', help: 'the access that releases the held flow (or 1 s passes)', parse: location }),
  spec({ key: 'hold_nth', default: 1, accepted: 'an integer 1-1000000', help: 'which arrival at the hold await is held', parse: int(1, 1000000) }),
  spec({ key: 'cache', default: true, accepted: '0 or 1', help: 'keep instrumented files in a per-user cache', parse: bool }),
] as const;

export class OptionError extends Error {}

export function defaultOptions(): Options {
  const o = {} as Record<string, unknown>;
  for (const s of OPTION_TABLE) o[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  return o as unknown as Options;
}

/** Parses one key=value pair into `into`; throws OptionError naming the key and what it accepts. */
export function setOption(into: Options, key: string, raw: string): void {
  const s = OPTION_TABLE.find((x) => x.key === key);
  if (!s) throw new OptionError(`racedetect: unknown option "${key}"; known options: ${OPTION_TABLE.map((x) => x.key).join(', ')}`);
  const value = (s.parse as Parser<unknown>)(raw);
  if (value === undefined) throw new OptionError(`racedetect: bad value "${raw}" for option ${key}; accepted: ${s.accepted}`);
  (into as unknown as Record<string, unknown>)[key] = value;
}

/** Parses RACEDETECT_OPTIONS: whitespace-separated key=value pairs. */
export function parseOptions(env: string | undefined): Options {
  const o = defaultOptions();
  for (const word of (env ?? '').split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new OptionError(`racedetect: malformed option "${word}" in RACEDETECT_OPTIONS; expected key=value, e.g. halt_on_error=1`);
    setOption(o, word.slice(0, eq), word.slice(eq + 1));
  }
  return o;
}

export function optionsHelp(): string {
  const shown = (v: unknown): string => (typeof v === 'boolean' ? (v ? '1' : '0') : Array.isArray(v) ? (v.length ? v.join(',') : 'none') : v === '' ? 'none' : String(v));
  return OPTION_TABLE.map((s) => `  ${(s.key + '=').padEnd(20)}${s.help} (${s.accepted}; default ${shown(s.default)})`).join('\n');
}
