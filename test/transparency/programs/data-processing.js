// Everyday data wrangling: arrays of records, indexing, grouping into Maps, sorting, nested reads like rows[i].field.
const orders = [
  { id: 'o1', customer: { name: 'Ann', tier: 'gold' }, lines: [{ sku: 'A', qty: 2, price: 5 }, { sku: 'B', qty: 1, price: 20 }] },
  { id: 'o2', customer: { name: 'Bob', tier: 'silver' }, lines: [{ sku: 'A', qty: 10, price: 5 }] },
  { id: 'o3', customer: { name: 'Ann', tier: 'gold' }, lines: [] },
  { id: 'o4', customer: { name: 'Cy', tier: 'bronze' }, lines: [{ sku: 'C', qty: 3, price: 7.5 }, { sku: 'A', qty: 1, price: 5 }] },
];
const total = (o) => o.lines.reduce((s, l) => s + l.qty * l.price, 0);
console.log(orders[0].customer.name, orders[1].lines[0].qty, orders[3].lines[1].sku, orders.at(-1).id);
const byCustomer = new Map();
for (const o of orders) {
  if (!byCustomer.has(o.customer.name)) byCustomer.set(o.customer.name, []);
  byCustomer.get(o.customer.name).push(o.id);
}
console.log([...byCustomer], byCustomer.get('Ann').length);
const skuTotals = {};
for (let i = 0; i < orders.length; i++) {
  for (let j = 0; j < orders[i].lines.length; j++) {
    const line = orders[i].lines[j];
    skuTotals[line.sku] = (skuTotals[line.sku] ?? 0) + line.qty;
  }
}
console.log(skuTotals, Object.entries(skuTotals).sort((a, b) => b[1] - a[1])[0][0]);
const ranked = [...orders].sort((a, b) => total(b) - total(a) || a.id.localeCompare(b.id)).map((o) => `${o.id}:${total(o)}`);
console.log(ranked.join(' '));
const index = Object.fromEntries(orders.map((o) => [o.id, o]));
console.log(index.o2.customer.tier, index['o4'].lines.length, Object.keys(index));
const matrix = [[1, 2, 3], [4, 5, 6]];
const transposed = matrix[0].map((_, c) => matrix.map((row) => row[c]));
matrix[1][2] = 60;
console.log(transposed, matrix[1][2], matrix.flat().length);
const tiers = orders.reduce((acc, o) => { (acc[o.customer.tier] ??= []).push(o.id); return acc; }, {});
console.log(tiers, Object.keys(tiers).length);
const counts = new Map();
for (const word of 'the cat and the hat and the bat'.split(' ')) counts.set(word, (counts.get(word) || 0) + 1);
console.log([...counts.entries()].filter(([, n]) => n > 1), counts.get('the'));
const cache = new Map();
function lookup(id) { if (cache.has(id)) return cache.get(id).value; const value = index[id]?.customer.name ?? null; cache.set(id, { value, at: cache.size }); return value; }
console.log(lookup('o1'), lookup('o1'), lookup('zz'), cache.get('o1').at, cache.size);
const queue = [{ n: 3 }];
while (queue.length) { const item = queue.shift(); if (item.n > 0) queue.push({ n: item.n - 1 }); else console.log('drained at', item.n); }
const last = orders[orders.length - 1];
last.lines[0].qty += 1;
orders[0].lines[1].price *= 2;
console.log(total(last), total(orders[0]), JSON.stringify(orders[0].lines));
