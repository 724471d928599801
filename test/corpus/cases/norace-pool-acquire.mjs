// expect: none
// A connection pool counts open connections. acquire() checks the limit and
// reserves a slot in one synchronous step before awaiting the TCP handshake,
// and gives the slot back if the handshake fails.
import { setTimeout as sleep } from 'node:timers/promises';

class Pool {
  constructor(max) {
    this.max = max;
    this.open = 0;
    this.dialed = 0;
  }

  async dial(name) {
    this.dialed++;
    await sleep(name.length % 3 + 1);
    return { name, close() {} };
  }

  async acquire(name) {
    if (this.open >= this.max) throw new Error('pool exhausted');
    this.open++;
    try {
      return await this.dial(name);
    } catch (err) {
      this.open--;
      throw err;
    }
  }

  release(conn) {
    conn.close();
    this.open--;
  }
}

const pool = new Pool(2);
const results = await Promise.allSettled([pool.acquire('db-a'), pool.acquire('db-bb'), pool.acquire('db-ccc')]);
const conns = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
const peak = pool.open;
for (const conn of conns) pool.release(conn);
console.log('connections', conns.length, 'rejected', results.length - conns.length, 'peak', peak, 'open', pool.open);
