// expect: race
// A nightly report starts three tasks but only joins two of them with
// Promise.all; the audit task is left out, so the report reads its field
// while that write is ordered neither before nor after the read.
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
  report.audit = 'clean'; // race
}

const tasks = [countUsers(), countOrders()];
runAudit(); // forgotten in the join
await Promise.all(tasks);
const line = `users=${report.users} orders=${report.orders} audit=${report.audit}`; // race
console.log('report', line.length > 0, report.users, report.orders);
