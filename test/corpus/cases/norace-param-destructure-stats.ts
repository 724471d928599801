// expect: none
// stdout: views 2
// A TypeScript page-view counter takes the counters object and destructures
// the current count in its parameter list when the analytics write is done,
// and stores the count plus one in the same synchronous step.
import { setTimeout as sleep } from 'node:timers/promises';

interface Stats {
  views: number;
  lastPage: string;
}

const stats: Stats = { views: 0, lastPage: '' };

async function sendToAnalytics(page: string): Promise<void> {
  await sleep(page.length);
}

function bump(page: string, { views }: Stats): void {
  stats.views = views + 1;
  stats.lastPage = page;
}

async function recordView(page: string): Promise<void> {
  await sendToAnalytics(page);
  bump(page, stats);
}

await Promise.all([recordView('/home'), recordView('/pricing')]);
console.log('views', stats.views);
