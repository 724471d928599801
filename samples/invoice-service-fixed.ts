// expect: none
// stdout: issued INV-1000, INV-1001; next INV-1002; acme owes 360
// The fixed twin of invoice-service.ts: `issue()` takes its invoice number and
// advances the counter in one synchronous step, before the await, so no other
// call can run between the read and the write.
import { setTimeout as sleep } from 'node:timers/promises';

interface LineItem {
  description: string;
  amount: number;
}

interface Invoice {
  number: string;
  customer: string;
  total: number;
}

interface TaxRates {
  rateFor(customer: string): Promise<number>;
}

// A simulated remote tax service.
class FakeTaxRates implements TaxRates {
  async rateFor(customer: string): Promise<number> {
    await sleep(customer.length);
    return 0.2;
  }
}

class InvoiceService {
  private nextNumber = 1000;
  private readonly owed = new Map<string, number>();

  constructor(private readonly taxes: TaxRates) {}

  async issue(customer: string, items: LineItem[]): Promise<Invoice> {
    const number: number = this.nextNumber++; // FIX: claim the number atomically
    const rate: number = await this.taxes.rateFor(customer);
    const net = items.reduce((sum, item) => sum + item.amount, 0);
    const total = Math.round(net * (1 + rate));
    // An atomic update: read and write in one synchronous step, no race.
    this.owed.set(customer, (this.owed.get(customer) ?? 0) + total);
    return { number: `INV-${number}`, customer, total };
  }

  peekNextNumber(): string {
    return `INV-${this.nextNumber}`;
  }

  owedBy(customer: string): number {
    return this.owed.get(customer) ?? 0;
  }
}

const service = new InvoiceService(new FakeTaxRates());
const invoices: Invoice[] = await Promise.all([
  service.issue('acme', [{ description: 'hosting', amount: 100 }]),
  service.issue('acme', [{ description: 'support', amount: 200 }]),
]);
const numbers = invoices.map((invoice) => invoice.number).join(', ');
console.log(`issued ${numbers}; next ${service.peekNextNumber()}; acme owes ${service.owedBy('acme')}`);
