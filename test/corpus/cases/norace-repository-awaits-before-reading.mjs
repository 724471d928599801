// expect: none
// The inventory repository of race-repository-awaits-before-reading.mjs, whose methods wait for the
// database before they touch their Map, but the two purchases run one after the other: the second
// finds the row the first saved.
import { readFile } from 'node:fs/promises';

const db = () => readFile(new URL(import.meta.url)); // stands for the driver's round trip

class InventoryRepo {
  #rows = new Map();
  async find(sku) {
    await db();
    return this.#rows.get(sku);
  }
  async save(sku, row) {
    await db();
    this.#rows.set(sku, row);
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

await purchase('sku-1');
await purchase('sku-1');
console.log('stock left', (await repo.find('sku-1')).stock);
