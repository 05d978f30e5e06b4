/**
 * Read and write handles typed apart (Signal's readable/writable database): repositories take a
 * `ReadHandle` to query and a `WriteHandle` to change anything, and only `store.transaction`
 * hands out a `WriteHandle` — so "writes that belong together go in one transaction" is checked
 * by the compiler.
 */
import type Database from 'better-sqlite3';

declare const WRITE: unique symbol;

export interface ReadHandle {
  /** A cached prepared statement for `sql`; `name` labels it in slow-query logs. */
  stmt(sql: string): Database.Statement;
  readonly raw: Database.Database;
}

export interface WriteHandle extends ReadHandle {
  readonly [WRITE]: true;
}

export type SlowQueryLog = (sql: string, ms: number) => void;

/** Statement cache shared by both handle kinds; a statement is prepared once per SQL string. */
export function createHandle(db: Database.Database, onSlow?: SlowQueryLog, slowMs = 50): WriteHandle {
  const cache = new Map<string, Database.Statement>();
  const handle = {
    raw: db,
    stmt(sql: string): Database.Statement {
      let s = cache.get(sql);
      if (!s) {
        s = db.prepare(sql);
        if (onSlow) s = timed(s, sql, onSlow, slowMs);
        cache.set(sql, s);
      }
      return s;
    },
  };
  return handle as WriteHandle;
}

/** Times `get`, `all` and `run` of one statement (own properties shadow the prototype's). */
function timed(s: Database.Statement, sql: string, onSlow: SlowQueryLog, slowMs: number): Database.Statement {
  const methods = s as unknown as Record<'get' | 'all' | 'run', (...args: unknown[]) => unknown>;
  for (const name of ['get', 'all', 'run'] as const) {
    const fn = methods[name];
    methods[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      const r = fn.apply(s, args);
      const ms = performance.now() - t0;
      if (ms >= slowMs) onSlow(sql, ms);
      return r;
    };
  }
  return s;
}
