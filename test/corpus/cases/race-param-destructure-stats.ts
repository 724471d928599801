// expect: race
// stdout: views 1
// A TypeScript page-view counter takes the counters object and destructures
// the current count in its parameter list, waits for the analytics write, and
// stores the count plus one: two views recorded together both read 0.
import { setTimeout as sleep } from 'node:timers/promises';

interface Stats {
  views: number;
  lastPage: string;
}

const stats: Stats = { views: 0, lastPage: '' };

async function sendToAnalytics(page: string): Promise<void> {
  await sleep(page.length);
}

async function recordView(page: string, { views }: Stats): Promise<void> { // race
  await sendToAnalytics(page);
  stats.views = views + 1; // race
  stats.lastPage = page;
}

await Promise.all([recordView('/home', stats), recordView('/pricing', stats)]);
console.log('views', stats.views);
