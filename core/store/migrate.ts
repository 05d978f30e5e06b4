/**
 * Runs pending migrations at open. `PRAGMA user_version` records the applied version; each
 * migration runs in its own transaction so a crash mid-migration leaves the previous version.
 */
import type Database from 'better-sqlite3';
import { AttuneError } from '../model/errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/types.ts';

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  target?: number,
): number {
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new AttuneError(
      'INTERNAL',
      `database schema version ${from} is newer than this app understands (${latest}); update Attune Desktop`,
    );
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    if (target !== undefined && m.version > target) break;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return currentVersion(db);
}
