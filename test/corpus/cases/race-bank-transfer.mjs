// expect: race
// A bank moves money between two accounts. Each transfer reads both balances,
// awaits a fraud check, then writes back balances computed from the stale
// reads, so two opposite transfers running together overwrite each other.
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
    const fromBalance = from.balance; // race
    const toBalance = to.balance; // race
    if (!(await this.fraudCheck(amount))) throw new Error('transfer blocked');
    from.balance = fromBalance - amount; // race
    to.balance = toBalance + amount; // race
  }
}

const alice = new Account('alice', 100);
const bob = new Account('bob', 50);
const bank = new Bank();
await Promise.all([bank.transfer(alice, bob, 30), bank.transfer(bob, alice, 10)]);
console.log('transfers checked', bank.checks);
