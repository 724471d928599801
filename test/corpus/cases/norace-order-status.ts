// expect: none
// stdout: order 1001 Paid refund false
// A TypeScript order state machine (enum statuses) where pay() and cancel()
// both run under the order's mutex: a cancel that lands during the charge
// waits for it and then sees the order already paid.
import { Mutex } from 'async-mutex';
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
    await sleep(40);
    return `ch_${cents}`;
  },
};

class Order {
  status: Status = Status.Pending;
  private receipt: string | null = null;
  private readonly lock = new Mutex();

  constructor(readonly id: number, private readonly cents: number) {}

  async pay(): Promise<void> {
    await this.lock.runExclusive(async () => {
      if (this.status !== Status.Pending) return;
      this.receipt = await gateway.charge(this.cents);
      this.status = Status.Paid;
    });
  }

  async cancel(): Promise<boolean> {
    await sleep(1); // the customer clicks "cancel" while the charge runs
    return this.lock.runExclusive(() => {
      if (this.status !== Status.Pending) return false;
      this.status = Status.Cancelled;
      return true;
    });
  }
}

const order = new Order(1001, 2599);
const [, cancelled] = await Promise.all([order.pay(), order.cancel()]);
console.log('order', order.id, Status[order.status], 'refund', cancelled);
