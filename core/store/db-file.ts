/**
 * The database file before and after it is opened: a missing file is created whole (never left
 * at zero bytes), an existing one must be an SQLite file this app wrote and must pass
 * `PRAGMA quick_check`. Anything else is refused with a sentence naming the file and what to
 * do — a damaged database is never silently replaced or started on (docs/security.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AttuneError } from '../model/errors.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** "Attn": marks databases this app created (older ones carry 0). */
export const APPLICATION_ID = 0x4174746e;

function refuse(file: string, what: string, todo: string): AttuneError {
  return new AttuneError('INTERNAL', `the database ${file} ${what}; Attune Desktop did not start. ${todo}`);
}

const MOVE_ASIDE = (file: string) =>
  `Move it (with ${path.basename(file)}-wal and -shm, if present) out of ${path.dirname(file)} and restore a backup copy, or start without it to get a new empty database.`;

/**
 * Checks the file at `file` before SQLite opens it; creates it when missing.
 * @returns whether a new database was created.
 */
export function prepareDatabaseFile(file: string, nativeBinding?: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    createDatabaseFile(file, nativeBinding);
    return true;
  }
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n === 0)
    throw refuse(file, 'is empty (0 bytes), so it is not a database this app wrote', MOVE_ASIDE(file));
  if (n < head.length || !head.equals(SQLITE_MAGIC)) {
    throw refuse(file, 'is not an SQLite database', MOVE_ASIDE(file));
  }
  return false;
}

/** Writes a new database under a temporary name, then renames it in place (0600 from birth). */
function createDatabaseFile(file: string, nativeBinding?: string): void {
  const tmp = `${file}.new`;
  fs.rmSync(tmp, { force: true });
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  const db = new Database(tmp, nativeBinding ? { nativeBinding } : {});
  try {
    // Chosen before the first page is written (core/store/auto-vacuum.ts).
    db.pragma('auto_vacuum = INCREMENTAL');
    // Writes the header page: the file is a whole database before it gets its real name.
    db.pragma(`application_id = ${APPLICATION_ID}`);
  } finally {
    db.close();
  }
  fs.renameSync(tmp, file);
}

/** SQLite's own verdict on an opened database; throws the sentence the user sees. */
export function checkOpenedDatabase(db: Database.Database, file: string): void {
  let problems: string[];
  try {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 && tables.n > 0) {
      throw refuse(file, 'is an SQLite database of another program', MOVE_ASIDE(file));
    }
    problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  } catch (err) {
    if (err instanceof AttuneError) throw err;
    problems = [err instanceof Error ? err.message : String(err)];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  const shown = problems.slice(0, 3).join('; ');
  throw refuse(
    file,
    `is damaged (quick_check: ${shown}${problems.length > 3 ? '; …' : ''})`,
    `${MOVE_ASIDE(file)} Keep the damaged file: \`sqlite3 ${path.basename(file)} .recover\` may salvage its rows.`,
  );
}
