// expect: none
// The same promise-chain repository, with the debits made one after the other: each reads the
// balance the one before it stored.
import { stat } from 'node:fs/promises';

const rows = new Map([['acc-1', 100]]);
const roundTrip = () => stat(new URL(import.meta.url)); // stands for the driver

const repo = {
  get: (id) => roundTrip().then(() => rows.get(id)),
  put: (id, balance) => roundTrip().then(() => { rows.set(id, balance); }),
};

async function debit(id, amount) {
  const balance = await repo.get(id);
  await repo.put(id, balance - amount);
  return amount;
}

await debit('acc-1', 30);
await debit('acc-1', 50);
console.log('balance', rows.get('acc-1'));
