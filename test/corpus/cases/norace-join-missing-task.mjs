// expect: none
// A nightly report starts three tasks and joins all of them with Promise.all
// before reading the fields they wrote.
import { setTimeout as sleep } from 'node:timers/promises';

const report = { users: 0, orders: 0, audit: 'pending' };

async function countUsers() {
  await sleep(3);
  report.users = 42;
}

async function countOrders() {
  await sleep(4);
  report.orders = 17;
}

async function runAudit() {
  await sleep(1);
  report.audit = 'clean';
}

await Promise.all([countUsers(), countOrders(), runAudit()]);
const line = `users=${report.users} orders=${report.orders} audit=${report.audit}`;
console.log('report', line);
