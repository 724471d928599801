// expect: none
// A loyalty program serialises point changes with async-lock; redeeming and
// awarding both lock the account key, so they run one after the other and
// both changes land.
import AsyncLock from 'async-lock';
import { setTimeout as sleep } from 'node:timers/promises';

const lock = new AsyncLock();
const accounts = { 'acct-9': { owner: 'user-4', points: 100 } };

async function redeem(userId, accountId, cost) {
  await lock.acquire(`account:${accountId}`, async () => {
    if (accounts[accountId].owner !== userId) throw new Error('not your account');
    const points = accounts[accountId].points;
    await sleep(3); // reserve the reward with the partner
    accounts[accountId].points = points - cost;
  });
}

async function award(accountId, bonus) {
  await lock.acquire(`account:${accountId}`, async () => {
    const points = accounts[accountId].points;
    await sleep(1); // record the purchase
    accounts[accountId].points = points + bonus;
  });
}

await Promise.all([redeem('user-4', 'acct-9', 60), award('acct-9', 25)]);
console.log('points', accounts['acct-9'].points);
