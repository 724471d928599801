// Classes with private fields, methods, accessors, static privates and brand checks.
class Account {
  static #count = 0;
  static #registry = new Map();
  #balance = 0;
  #history = [];
  owner;
  constructor(owner, opening) {
    this.owner = owner;
    this.#deposit(opening);
    Account.#count++;
    Account.#registry.set(owner, this);
  }
  #deposit(n) {
    this.#balance += n;
    this.#history.push(`+${n}`);
  }
  get #summary() { return `${this.owner}:${this.#balance}`; }
  set #limit(v) { this.#history.push(`limit=${v}`); }
  withdraw(n) {
    if (n > this.#balance) throw new RangeError(`insufficient funds in ${this.#summary}`);
    this.#balance -= n;
    this.#history.push(`-${n}`);
    this.#limit = n * 2;
    return this;
  }
  static isAccount(o) { return #balance in o; }
  static #secret() { return 'static-private'; }
  static reveal() { return Account.#secret() + '/' + Account.#count; }
  static lookup(name) { return Account.#registry.get(name)?.#summary ?? 'none'; }
  get balance() { return this.#balance; }
  get history() { return [...this.#history]; }
  peek(other) { return other.#balance; }
  toJSON() { return { owner: this.owner, balance: this.#balance }; }
}
const a = new Account('ann', 100);
const b = new Account('bob', 5);
a.withdraw(30).withdraw(20);
console.log(a.balance, a.history.join(' '));
console.log(Account.isAccount(a), Account.isAccount({}), Account.isAccount(Object.create(Account.prototype)));
console.log(Account.reveal(), Account.lookup('bob'), Account.lookup('zed'));
console.log(JSON.stringify([a, b]));
console.log(Object.keys(a), Object.getOwnPropertyNames(a), Reflect.ownKeys(a));
try { b.withdraw(10); } catch (e) { console.log(e.constructor.name, e.message); }
try { a.peek({}); } catch (e) { console.log(e.constructor.name, e.message); }
try { Account.prototype.withdraw.call({ owner: 'x' }, 1); } catch (e) { console.log(e.constructor.name, e.message); }
class Counter {
  #n = 0;
  static #instances = 0;
  static { Counter.#instances = 10; }
  inc() { return ++this.#n; }
  incBy(k) { this.#n += k; return this.#n; }
  reset() { const old = this.#n; this.#n = 0; return old; }
  static made() { return ++Counter.#instances; }
}
const c = new Counter();
c.inc(); c.inc(); c.incBy(5);
console.log(c.inc(), c.reset(), c.inc(), Counter.made(), Counter.made());
class Sub extends Account {
  #extra = 'sub';
  describe() { return `${this.#extra}:${this.balance}:${Account.isAccount(this)}`; }
}
const s = new Sub('sue', 7);
console.log(s.describe(), s instanceof Account, Account.lookup('sue'));
console.log(String(Object.getOwnPropertyNames(Account.prototype)));
