/**
 * Incremental vacuum (docs/retention.md, "The file shrinks"): with `auto_vacuum = INCREMENTAL`
 * the pages that deleted rows leave free can be handed back to the disk a few at a time
 * (`PRAGMA incremental_vacuum(N)`), so the file shrinks after retention without a VACUUM that
 * would hold the store for seconds.
 *
 * The mode is chosen when the first table is created; changing it later takes one VACUUM, which
 * rewrites the whole file (it needs free disk space about the file's size, and holds the store
 * while it runs). So a new database gets the mode before its first migration, and an existing
 * one is converted at open, before anything else uses it, only while its live data is small
 * enough for that to take about a second; a larger one keeps reusing its free pages (it stops
 * growing but does not shrink) and is converted at the first open where it fits.
 */
import type Database from 'better-sqlite3';

/** The live data (pages in use) up to which an existing file is converted at open. */
export const CONVERT_AT_OPEN_MAX_BYTES = 256 * 1024 * 1024;

export type AutoVacuumMode = 'none' | 'full' | 'incremental';

const MODES: Record<number, AutoVacuumMode> = { 0: 'none', 1: 'full', 2: 'incremental' };

export function autoVacuumMode(db: Database.Database): AutoVacuumMode {
  return MODES[db.pragma('auto_vacuum', { simple: true }) as number] ?? 'none';
}

/** Before the first migration: a file with no tables yet takes the mode without a VACUUM. */
export function chooseAutoVacuumForNewFile(db: Database.Database): void {
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {
    n: number;
  };
  if (tables.n === 0) db.pragma('auto_vacuum = INCREMENTAL');
}

/** Pages in use × page size: what a VACUUM copies. */
export function liveBytes(db: Database.Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * (db.pragma('page_size', { simple: true }) as number);
}

/**
 * Converts an existing file to incremental vacuum when its live data is at most `maxBytes`.
 * Returns what the file's mode is afterwards.
 */
export function convertToIncremental(
  db: Database.Database,
  maxBytes: number = CONVERT_AT_OPEN_MAX_BYTES,
): AutoVacuumMode {
  const mode = autoVacuumMode(db);
  if (mode === 'incremental' || liveBytes(db) > maxBytes) return mode;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return autoVacuumMode(db);
}

/**
 * Gives up to `pages` free pages back to the disk in one short write; returns how many it gave.
 * Does nothing unless the file is in incremental mode.
 */
export function incrementalVacuumStep(db: Database.Database, pages: number): number {
  if (autoVacuumMode(db) !== 'incremental') return 0;
  const before = db.pragma('freelist_count', { simple: true }) as number;
  if (before === 0) return 0;
  // exec, not a statement's run(): the pragma frees one page per step, and run() steps once.
  db.exec(`PRAGMA incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
  return before - (db.pragma('freelist_count', { simple: true }) as number);
}
