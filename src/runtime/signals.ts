// A terminal signal the program does not handle ends the process without an 'exit' event, and with it
// the summary (and, under a test runner, the reports no test claimed). So the detector listens for
// SIGINT, SIGTERM and SIGHUP. On the first one it prints what exit would print, then steps aside: it
// removes its listeners before the program's own run (an emit calls a copy of the list), so they see
// the listeners they would see without the detector - signal-exit, for one, re-raises only when its own
// are the only ones - and if nobody else listens, it raises the signal again, and the process dies of
// it as it would have.

import fs from 'node:fs';
import { flushCandidates } from './detect.js';
import { summarize, writeHtml } from '../report/sink.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function watchTerminalSignals(): void {
  const handlers: [NodeJS.Signals, () => void][] = [];
  for (const sig of SIGNALS) {
    const onSignal = (): void => {
      for (const [s, fn] of handlers) process.removeListener(s, fn);
      try {
        flushCandidates(true);
        summarize();
        writeHtml();
      } catch (e) {
        fs.writeSync(2, `racedetect: internal error at ${sig}: ${String(e)}\n`);
      }
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    handlers[handlers.length] = [sig, onSignal];
    process.on(sig, onSignal);
  }
}
