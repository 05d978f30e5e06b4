/**
 * One Attune Desktop per data folder. The lock is the OS's own: `<data-dir>/lock` is a small
 * SQLite file held with `locking_mode=EXCLUSIVE` after one write, i.e. an fcntl (Windows:
 * LockFileEx) lock owned by this process — the OS drops it when the process ends, however it
 * ends (kill -9 included), so it cannot go stale like a pid file. The holder's pid sits in the
 * file header's `user_version` field, where a refused process can read it without SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AttuneError } from '../model/errors.ts';

export interface DataLock {
  readonly file: string;
  /** Gives the folder up (the OS does the same when the process dies). */
  release(): void;
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, 'lock');
}

/** The pid the holder wrote into the header (bytes 60–63, big-endian), or null if unreadable. */
function holderPid(file: string): number | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const header = Buffer.alloc(100);
      if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
      const pid = header.readUInt32BE(60);
      return pid > 0 ? pid : null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/**
 * Takes the data folder for this process, before anything in it is read or written. Throws
 * AttuneError `CONFLICT` with one sentence when another process holds it.
 */
export function lockDataFolder(dataDir: string, opts: { nativeBinding?: string } = {}): DataLock {
  const file = lockFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let db: Database.Database;
  try {
    db = take(dataDir, file, opts.nativeBinding);
  } catch (err) {
    if (!isJunk(err)) throw err;
    // Junk in the lock file (a holder's file is always a valid database): start it afresh.
    fs.rmSync(file, { force: true });
    db = take(dataDir, file, opts.nativeBinding);
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function isJunk(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function take(dataDir: string, file: string, nativeBinding: string | undefined): Database.Database {
  // Created by us at 0600 (SQLite would use 0644); its journal copies the mode.
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is kept until close.
    db.pragma(`user_version = ${process.pid}`);
    return db;
  } catch (err) {
    db.close();
    if (!isBusy(err)) throw err;
    const pid = holderPid(file);
    throw new AttuneError(
      'CONFLICT',
      `the data folder ${dataDir} is in use by another Attune Desktop (${pid ? `pid ${pid}` : 'pid unknown'}): quit that one first, or start this one with another data folder`,
    );
  }
}
