/**
 * Helpers for the retention tests (docs/retention.md): a real store file in a temp folder, seeded
 * with raw inserts, and a Retention on a SimClock.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { Retention } from '../../../core/engine/retention.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { openStore, type Store } from '../../../core/store/index.ts';
import { type SeedOptions, seedHistory } from '../../helpers/history-seed.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** When seeded history starts. */
export const T0 = Date.parse('2027-01-01T00:00:00Z');

export interface Fixture {
  store: Store;
  clock: SimClock;
  retention: Retention;
  file: string;
}

/** A store seeded with `events` one-second timer events across `rules` rules; `now` is just after the last. */
export function seeded(
  t: Pick<TestContext, 'after'>,
  o: Partial<SeedOptions> & { events: number; rules: number },
): Fixture {
  const file = path.join(tempDir(t), 'attune.db');
  const store = openStore({ file });
  t.after(() => store.close());
  seedHistory(store.read.raw, { start: T0, stepMs: 1000, withoutSearch: true, ...o });
  const clock = new SimClock(T0 + o.events * 1000);
  return { store, clock, file, retention: new Retention({ store, clock, logger: silentLogger }) };
}

/** The database file's size once the log is copied back (what the user sees on disk). */
export function fileBytes(f: Fixture): number {
  f.store.read.raw.pragma('wal_checkpoint(TRUNCATE)');
  return fs.statSync(f.file).size;
}

export function count(store: Store, sql: string, ...args: unknown[]): number {
  return (store.read.raw.prepare(sql).get(...args) as { n: number }).n;
}

/** Lets pending I/O callbacks and promise chains run (a pass yields with setImmediate) until `cond`. */
export async function until(cond: () => boolean, what: string, rounds = 100_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setImmediate(r));
    if (cond()) return;
  }
  throw new Error(`never happened: ${what}`);
}
