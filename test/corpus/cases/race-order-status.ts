// expect: race
// stdout: order 1001 settled
// A TypeScript order state machine (enum statuses). pay() checks that the order
// is pending, awaits the card charge, then marks it paid; a customer's cancel
// lands during the charge and is overwritten, so a cancelled order ships.
import { setTimeout as sleep } from 'node:timers/promises';

enum Status {
  Pending,
  Paid,
  Cancelled,
}

interface PaymentGateway {
  charge(cents: number): Promise<string>;
}

const gateway: PaymentGateway = {
  async charge(cents: number): Promise<string> {
    // The charge takes long enough that the cancel's 1 ms timer fires first even on a loaded machine
    // (at 4 ms, a stall between the two calls sometimes let the charge finish first: nothing to report).
    await sleep(40);
    return `ch_${cents}`;
  },
};

class Order {
  status: Status = Status.Pending;
  private receipt: string | null = null;

  constructor(readonly id: number, private readonly cents: number) {}

  async pay(): Promise<void> {
    if (this.status !== Status.Pending) return; // race
    this.receipt = await gateway.charge(this.cents);
    this.status = Status.Paid; // race
  }

  async cancel(): Promise<void> {
    await sleep(1); // the customer clicks "cancel" while the charge runs
    if (this.status === Status.Pending) this.status = Status.Cancelled; // race
  }
}

const order = new Order(1001, 2599);
await Promise.all([order.pay(), order.cancel()]);
console.log('order', order.id, 'settled');
