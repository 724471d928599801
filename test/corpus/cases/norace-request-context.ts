// expect: none
// stdout: order list for ann,order list for bob
// A TypeScript request handler builds a private context object for each
// request and passes it along, so requests that arrive at different times and
// overlap never see each other's user.
import { setTimeout as sleep } from 'node:timers/promises';

interface RequestContext {
  user: string;
  traceId: number;
}

const responses: string[] = [];

async function authorize(ctx: RequestContext): Promise<void> {
  await sleep(ctx.traceId === 1 ? 20 : 1);
}

async function handle(user: string, traceId: number): Promise<void> {
  const ctx: RequestContext = { user, traceId };
  await authorize(ctx);
  responses.push(`order list for ${ctx.user}`);
}

const arrivals: Promise<void>[] = [
  new Promise<void>((resolve) => setTimeout(() => resolve(handle('ann', 1)), 1)),
  new Promise<void>((resolve) => setTimeout(() => resolve(handle('bob', 2)), 2)),
];
await Promise.all(arrivals);
console.log([...responses].sort().join(','));
