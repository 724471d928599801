// expect: race
// A connection pool counts open connections. acquire() reads the count, checks
// the limit, awaits the TCP handshake and then stores count + 1: concurrent
// acquires all pass the limit check and the count ends up too low.
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
    const open = this.open; // race
    if (open >= this.max) throw new Error('pool exhausted');
    const conn = await this.dial(name);
    this.open = open + 1; // race
    return conn;
  }

  release(conn) {
    conn.close();
    this.open--;
  }
}

const pool = new Pool(2);
const conns = await Promise.all([pool.acquire('db-a'), pool.acquire('db-bb'), pool.acquire('db-ccc')]);
for (const conn of conns) pool.release(conn);
console.log('connections used', conns.length);
