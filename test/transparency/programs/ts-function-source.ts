// Function source text of TypeScript: the program sees the transpiled JavaScript (as with any
// transpile-on-load tool), never the instrumented code. Types, parameter properties and enums are
// what the transpiler makes of them.
interface Item {
  id: number;
  price: number;
}
enum Kind {
  Standard,
  Reduced,
}
const rates: Record<Kind, number> = { [Kind.Standard]: 0.2, [Kind.Reduced]: 0.05 };
export function priceWithTax(item: Item, kind: Kind = Kind.Standard): number {
  return item.price * (1 + rates[kind]);
}
export class Ledger {
  private entries: Item[] = [];
  constructor(public readonly owner: string) {}
  add(item: Item): this {
    this.entries.push(item);
    return this;
  }
  get total(): number {
    return this.entries.reduce((sum: number, item: Item) => sum + priceWithTax(item), 0);
  }
}
const fetchAll = async (ids: number[]): Promise<Item[]> => ids.map((id) => ({ id, price: id * 2 }));
for (const f of [priceWithTax, Ledger, Ledger.prototype.add, Object.getOwnPropertyDescriptor(Ledger.prototype, 'total')!.get!, fetchAll]) {
  console.log(f.toString());
}
console.log(new Ledger('ana').add({ id: 1, price: 10 }).total);
