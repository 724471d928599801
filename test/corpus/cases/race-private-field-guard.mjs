// expect: race
// As norace-private-field-guard.mjs, but the coupon is marked used only after the redemption is
// logged: both redemptions can pass the test before either marks it, so the coupon is used twice.
import { setTimeout as sleep } from 'node:timers/promises';

class Account {
  #couponUsed = false;
  #log = [];

  async redeem(ms) {
    await sleep(ms);
    if (!this.#couponUsed) { // race
      await this.#write(`redeemed after ${ms} ms`);
      this.#couponUsed = true; // race
      return true;
    }
    return false;
  }

  async #write(line) {
    await sleep(5);
    this.#log.push(line);
  }
}

const acct = new Account();
const coupons = await Promise.all([acct.redeem(1), acct.redeem(3)]);
console.log('coupons', coupons.filter(Boolean).length);
