// expect: race
// stdout: repositories ready 2
// A TypeScript database singleton is created lazily: get() checks the private
// static instance, awaits the connection, then stores it. Two repositories
// asking at start-up both connect, and the second instance replaces the first.
import { setTimeout as sleep } from 'node:timers/promises';

interface Connection {
  id: number;
  query(sql: string): Promise<number>;
}

class Database {
  private static instance: Database | undefined;
  static opened = 0;

  private constructor(private readonly conn: Connection) {}

  static async get(): Promise<Database> {
    if (!Database.instance) { // race
      const db = new Database(await Database.connect());
      Database.instance = db; // race
      return db;
    }
    return Database.instance;
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
console.log('repositories ready', counts.length);
