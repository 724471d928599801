// expect: race
// A loyalty program serialises point changes with async-lock, but redeeming
// locks the user key while awarding locks the account key: two different locks
// order nothing, so a bonus awarded during a redemption is overwritten.
import AsyncLock from 'async-lock';
import { setTimeout as sleep } from 'node:timers/promises';

const lock = new AsyncLock();
const accounts = { 'acct-9': { owner: 'user-4', points: 100 } };

async function redeem(userId, accountId, cost) {
  await lock.acquire(`user:${userId}`, async () => {
    const points = accounts[accountId].points; // race
    await sleep(3); // reserve the reward with the partner
    accounts[accountId].points = points - cost; // race
  });
}

async function award(accountId, bonus) {
  await lock.acquire(`account:${accountId}`, async () => {
    const points = accounts[accountId].points; // race
    await sleep(1); // record the purchase
    accounts[accountId].points = points + bonus; // race
  });
}

await Promise.all([redeem('user-4', 'acct-9', 60), award('acct-9', 25)]);
console.log('points changed');
