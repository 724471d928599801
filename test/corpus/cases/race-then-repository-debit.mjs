// expect: race
// A repository written with promise chains instead of async functions: get and put each wait for
// the store, then touch the Map in a `then` callback. A debit awaits get, then put with the balance
// less the amount; two debits at once both read 100, and one of them is lost.
import { stat } from 'node:fs/promises';

const rows = new Map([['acc-1', 100]]);
const roundTrip = () => stat(new URL(import.meta.url)); // stands for the driver

const repo = {
  get: (id) => roundTrip().then(() => rows.get(id)), // race
  put: (id, balance) => roundTrip().then(() => { rows.set(id, balance); }), // race
};

async function debit(id, amount) {
  const balance = await repo.get(id);
  await repo.put(id, balance - amount);
  return amount;
}

const debited = await Promise.all([debit('acc-1', 30), debit('acc-1', 50)]);
console.log('debited', debited.reduce((a, b) => a + b, 0));
