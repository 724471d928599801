// expect: none
// A prepaid account keeps its balance in a private field, a one-shot coupon in another, and pending
// refunds in a private array. After the payment gateway answers, each operation tests the private
// state and updates it in the same synchronous step; one the state cannot cover does nothing. The
// tests are guards, as they are on public fields.
// Race twin: race-private-field-guard.mjs.
import { setTimeout as sleep } from 'node:timers/promises';

class Account {
  #cents;
  #couponUsed = false;
  #refunds = [];
  constructor(cents) {
    this.#cents = cents;
    this.#refunds.push(300);
  }

  async purchase(amount) {
    await sleep((amount % 4) + 1);
    if (this.#cents >= amount) {
      this.#cents -= amount;
      return true;
    }
    return false;
  }

  async redeem(ms) {
    await sleep(ms);
    if (!this.#couponUsed) {
      this.#couponUsed = true;
      return true;
    }
    return false;
  }

  async refund(ms) {
    await sleep(ms);
    if (this.#refunds.length) return this.#refunds.shift();
    return 0;
  }

  get left() {
    return this.#cents;
  }
}

const acct = new Account(5000);
const results = await Promise.all([acct.purchase(2500), acct.purchase(1203), acct.purchase(4000)]);
console.log('purchases', results.filter(Boolean).length, 'left', acct.left);
const coupons = await Promise.all([acct.redeem(1), acct.redeem(3)]);
console.log('coupons', coupons.filter(Boolean).length);
const refunds = await Promise.all([acct.refund(1), acct.refund(3)]);
console.log('refunded', refunds[0] + refunds[1]);
