// expect: none
// A bank moves money between two accounts. The fraud check is awaited first;
// the balances are then checked and moved in one synchronous step, so two
// opposite transfers running together both land.
import { setTimeout as sleep } from 'node:timers/promises';

class Account {
  constructor(owner, balance) {
    this.owner = owner;
    this.balance = balance;
  }
}

class Bank {
  constructor() {
    this.checks = 0;
  }

  async fraudCheck(amount) {
    this.checks++;
    await sleep(amount > 20 ? 3 : 1);
    return amount < 1000;
  }

  async transfer(from, to, amount) {
    if (!(await this.fraudCheck(amount))) throw new Error('transfer blocked');
    if (from.balance < amount) throw new Error('insufficient funds');
    from.balance -= amount;
    to.balance += amount;
  }
}

const alice = new Account('alice', 100);
const bob = new Account('bob', 50);
const bank = new Bank();
await Promise.all([bank.transfer(alice, bob, 30), bank.transfer(bob, alice, 10)]);
console.log('balances', alice.balance, bob.balance, 'checks', bank.checks);
