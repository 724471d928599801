// expect: race
// An inventory repository whose methods wait for the database before they touch their Map, as real
// ones do. Two purchases of the same item each find the row, then save it with one unit less: both
// read a stock of 5 before either saves, and one sale is lost.
import { readFile } from 'node:fs/promises';

const db = () => readFile(new URL(import.meta.url)); // stands for the driver's round trip

class InventoryRepo {
  #rows = new Map();
  async find(sku) {
    await db();
    return this.#rows.get(sku); // race
  }
  async save(sku, row) {
    await db();
    this.#rows.set(sku, row); // race
  }
}

const repo = new InventoryRepo();
await repo.save('sku-1', { sku: 'sku-1', stock: 5 });

async function purchase(sku) {
  const row = await repo.find(sku);
  if (row.stock === 0) return false;
  await repo.save(sku, { ...row, stock: row.stock - 1 });
  return true;
}

// What is left depends on how the file reads interleave (4 when the sale is lost): not printed.
const sold = await Promise.all([purchase('sku-1'), purchase('sku-1')]);
console.log('purchases', sold.filter(Boolean).length);
