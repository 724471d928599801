// Schedule control (`schedule=random seed=S`): makes orders that happens-before leaves free come out
// differently from run to run, and the same again for the same seed, so that a flaky failure can be
// found (racedetect --explore) and then replayed.
//
// What it perturbs is timers, by holding some of them back (and the completions of file-system and
// DNS calls, schedule-io.ts): when Node creates a Timeout (setTimeout,
// setInterval, timers/promises, the timers Node itself arms for sockets and HTTP), its async `init`
// runs inside the constructor, before Node files the timer under its delay; a held-back timer is filed
// under a longer one. A timer firing late is an order Node can always produce, and holding back moves
// it against timers of other delays, I/O completions and immediates alike.
//
// Each requested delay is held back by one amount for the whole run (0, or 40, 80, 120 or 160 ms).
// So every timer of one delay still lands in one of Node's timer lists, in the order it was set: SPEC rule 8 (equal delays in one segment keep their order) stays true, and so does
// what Node does beyond it (a timer set later with the same delay never fires first). What changes from
// seed to seed is how timers of different delays, I/O and immediates interleave - the orders
// happens-before leaves free.
//
// A delay's hold-back is a function of the seed and the delay alone: the same seed makes the same
// choices whatever order the program sets its timers in.

import { charCodeAtText, SafeMap, SafeWeakSet } from './primordials.js';

/**
 * A held-back delay waits one to four steps of this many milliseconds more. Steps this coarse make
 * every order the schedule changes change by tens of milliseconds, so that a replay fails the way its
 * run did even on a loaded machine, where a program can stall for a few milliseconds between setting
 * two timers (finer hold-backs let one replay in ten pass there).
 */
const HOLD_STEP_MS = 40;

export interface ScheduleState {
  seed: number;
  /** Timers seen and timers held back, for the message at exit. */
  timers: number;
  held: number;
  /** I/O calls seen and calls whose completion was held back (schedule-io.ts). */
  io: number;
  ioHeld: number;
}

let state: ScheduleState | null = null;
let seedBits = 0;

// The delay's bits, for hashing (a delay can be fractional).
const delayBits = new Float64Array(1);
const delayWords = new Uint32Array(delayBits.buffer);

/** murmur3's finalizer: spreads every input bit over the output. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two independent numbers in [0, 1) for the delay `requested` under the current seed. */
function draw(requested: number, which: number): number {
  delayBits[0] = requested;
  const h = mix(mix(seedBits ^ delayWords[0]) ^ delayWords[1] ^ Math.imul(which + 1, 0x9e3779b9));
  return h / 4294967296;
}

/** Starts schedule control with `seed` (a 32-bit unsigned integer). */
export function startSchedule(seed: number): ScheduleState {
  seedBits = mix(seed | 0);
  state = { seed, timers: 0, held: 0, io: 0, ioHeld: 0 };
  return state;
}

export function scheduleState(): ScheduleState | null {
  return state;
}

/** A fresh seed, for a run that asked for random scheduling without naming one. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/** The hold-back for `key` under the current seed: half are on time, the others wait one to four steps. */
function steps(key: number): number {
  if (draw(key, 0) < 0.5) return 0;
  return HOLD_STEP_MS * (1 + Math.floor(draw(key, 1) * 4));
}

/** How much longer a new timer of `requested` ms waits (0: on time). */
export function holdBack(requested: number): number {
  if (state === null) return 0;
  state.timers++;
  const extra = steps(requested);
  if (extra > 0) state.held++;
  return extra;
}

const ioKeys = new SafeMap<string, number>();

/**
 * How much later the program hears of the completion of an I/O call named `name` (`fs.readFile`):
 * keyed apart from every timer delay (a negative number from the name's hash).
 */
export function holdBackIo(name: string): number {
  if (state === null) return 0;
  let key = ioKeys.get(name);
  if (key === undefined) {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ charCodeAtText(name, i), 0x01000193);
    key = -1 - (h >>> 0);
    ioKeys.set(name, key);
  }
  state.io++;
  const extra = steps(key);
  if (extra > 0) state.ioHeld++;
  return extra;
}

/**
 * A timer the detector itself sets (an I/O completion held back, a hold's limit): not held back in
 * turn, and not a timer the program waited on (hooks.ts: the callback it delivers is not reached "by
 * waiting on a timer"). Node's own setTimeout, captured at start-up: fake timers a program installs
 * later (`vi.useFakeTimers()`) must not swallow a completion or a hold's end.
 */
let settingOwnTimer = false;
const realSetTimeout = setTimeout;
const ownTimers = new SafeWeakSet<object>();

export function ownTimer(fn: () => void, ms: number): NodeJS.Timeout {
  settingOwnTimer = true;
  try {
    const timer = realSetTimeout(fn, ms);
    ownTimers.add(timer);
    return timer;
  } finally {
    settingOwnTimer = false;
  }
}

/** Whether `timer` is one of the schedule's own (ownTimer), or is being created as one. */
export function isOwnTimer(timer: object): boolean {
  return settingOwnTimer || ownTimers.has(timer);
}

/** Holds back a Timeout Node is constructing, if the schedule says so (see the top of this file). */
export function holdBackTimer(timer: object): void {
  if (settingOwnTimer) return;
  const t = timer as { _idleTimeout?: unknown };
  const requested = t._idleTimeout;
  if (typeof requested !== 'number' || !(requested >= 1)) return;
  const extra = holdBack(requested);
  if (extra > 0) t._idleTimeout = requested + extra;
}

/** The line every run under schedule control ends with. */
export function seedLine(s: ScheduleState): string {
  return `racedetect: schedule=random seed=${s.seed} (${s.held} of ${s.timers} timers, ${s.ioHeld} of ${s.io} I/O completions held back); replay with RACEDETECT_OPTIONS="schedule=random seed=${s.seed}"`;
}
