// expect: race
// stdout: handled 2 requests
// A TypeScript request handler keeps the current user in one shared module
// object instead of a per-request one. Requests arrive at different times;
// each writes the shared context, awaits authorisation, and reads it back,
// seeing whichever request wrote last.
import { setTimeout as sleep } from 'node:timers/promises';

interface RequestContext {
  user: string;
  traceId: number;
}

const current: RequestContext = { user: 'anonymous', traceId: 0 };
const responses: string[] = [];
let done = 0;

async function authorize(traceId: number): Promise<void> {
  await sleep(traceId === 1 ? 5 : 1);
}

async function handle(user: string, traceId: number): Promise<void> {
  current.user = user; // race
  current.traceId = traceId;
  await authorize(traceId);
  responses.push(`order list for ${current.user}`); // race
  if (++done === 2) console.log('handled', done, 'requests');
}

setTimeout(() => handle('ann', 1), 1);
setTimeout(() => handle('bob', 2), 2);
