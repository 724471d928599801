// expect: none
// stdout: repositories ready 2 connections 1
// A TypeScript database singleton is created lazily, but get() stores the
// pending connection promise in the private static field in the same
// synchronous step as the check, so every caller shares one connection.
import { setTimeout as sleep } from 'node:timers/promises';

interface Connection {
  id: number;
  query(sql: string): Promise<number>;
}

class Database {
  private static pending: Promise<Database> | undefined;
  static opened = 0;

  private constructor(private readonly conn: Connection) {}

  static get(): Promise<Database> {
    if (!Database.pending) {
      Database.pending = Database.connect().then((conn) => new Database(conn));
    }
    return Database.pending;
  }

  private static async connect(): Promise<Connection> {
    const id = ++Database.opened;
    await sleep(2);
    return { id, query: async (sql: string) => sql.length };
  }

  query(sql: string): Promise<number> {
    return this.conn.query(sql);
  }
}

class Repository {
  constructor(readonly table: string) {}

  async count(): Promise<number> {
    const db: Database = await Database.get();
    return db.query(`select count(*) from ${this.table}`);
  }
}

const repos: Repository[] = [new Repository('users'), new Repository('orders')];
const counts: number[] = await Promise.all(repos.map((r) => r.count()));
console.log('repositories ready', counts.length, 'connections', Database.opened);
