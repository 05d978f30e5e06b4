/**
 * The SQLite store: one better-sqlite3 connection in WAL mode with `synchronous=NORMAL` (durable
 * across app crashes; an OS crash may lose the last transactions, never corrupt the file),
 * foreign keys on, migrations run at open.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isStorageFault, storageUnavailable } from '../model/errors.ts';
import { chooseAutoVacuumForNewFile, convertToIncremental } from './auto-vacuum.ts';
import { checkOpenedDatabase, prepareDatabaseFile } from './db-file.ts';
import { createHandle, type ReadHandle, type SlowQueryLog, type WriteHandle } from './handles.ts';
import { migrate } from './migrate.ts';

export interface Store {
  /** Absolute path of the database file (":memory:" never: tests use real files). */
  readonly file: string;
  /** Queries only; the compiler refuses repository writes through it. */
  readonly read: ReadHandle;
  /**
   * Runs `fn` in one IMMEDIATE transaction; the only way to obtain a WriteHandle. A full disk or
   * an I/O error rolls it back and throws AttuneError `UNAVAILABLE` (HTTP 503).
   */
  transaction<T>(fn: (w: WriteHandle) => T): T;
  close(): void;
  readonly closed: boolean;
}

export interface OpenStoreOptions {
  /** Database file; its folder is created (mode 0700) if missing. */
  file: string;
  onSlowQuery?: SlowQueryLog;
  /** Native binding path (Electron ships its own build of better-sqlite3). */
  nativeBinding?: string;
  /**
   * The hosts' start-up checks: a missing file is created whole, a zero-length, foreign or damaged
   * one (`PRAGMA quick_check`) is refused with a sentence naming it (core/store/db-file.ts).
   */
  check?: boolean;
  /**
   * Called when writes start failing for a storage fault (full disk, I/O error) and with null
   * when a write succeeds again: the host says so once, not once per request.
   */
  onWriteFault?: (fault: Error | null) => void;
}

export function openStore(opts: OpenStoreOptions): Store {
  fs.mkdirSync(path.dirname(opts.file), { recursive: true, mode: 0o700 });
  const created = opts.check ? prepareDatabaseFile(opts.file, opts.nativeBinding) : false;
  const db = new Database(opts.file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    if (opts.check && !created) checkOpenedDatabase(db, path.resolve(opts.file));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MiB of page cache: index-heavy inserts and the event-log queries stay in memory.
    db.pragma('cache_size = -65536');
    chooseAutoVacuumForNewFile(db);
    migrate(db);
    // Once per file, while nothing else uses it yet (core/store/auto-vacuum.ts).
    convertToIncremental(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const handle = createHandle(db, opts.onSlowQuery);
  let depth = 0;
  let closed = false;
  let faulted = false;
  return {
    file: path.resolve(opts.file),
    read: handle,
    transaction<T>(fn: (w: WriteHandle) => T): T {
      // Nested calls join the outer transaction (better-sqlite3 would use a savepoint).
      if (depth > 0) return fn(handle);
      depth++;
      try {
        const result = db.transaction(() => fn(handle)).immediate();
        if (faulted) {
          faulted = false;
          opts.onWriteFault?.(null);
        }
        return result;
      } catch (err) {
        if (!isStorageFault(err)) throw err;
        if (!faulted) {
          faulted = true;
          opts.onWriteFault?.(err as Error);
        }
        // SQLite rolled the transaction back; the connection stays usable for the next try.
        throw storageUnavailable(err);
      } finally {
        depth--;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
    get closed() {
      return closed;
    },
  };
}
