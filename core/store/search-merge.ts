/**
 * Giving the text-search index's space back in bounded steps (docs/retention.md, "Pauses").
 * Deleted events stay in the index's segments as tombstones until the segments are merged
 * (migration 0120 keeps FTS5 from doing that inside a delete, where rewriting a segment of a
 * million events held the event loop for a second or more). A retention pass adds what it deleted to a
 * count; once that is a tenth of the log — FTS5's own rule for rewriting a segment — the pass
 * merges the index, one step of about `pages` pages per write.
 */
import { ENGINE_SETTING_KEYS, getEngineSetting, setEngineSetting } from './engine-settings-repo.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** Below this many deleted events a merge is never due (a small log is cheap to leave). */
export const MERGE_MIN_DELETED = 1000;

/** Events deleted since the index was last merged. */
export function deletedSinceMerge(h: ReadHandle): number {
  return getEngineSetting<number>(h, ENGINE_SETTING_KEYS.searchDeletedSinceMerge) ?? 0;
}

/** Adds `deleted` to the count; true when a merge is due (a tenth of the events now stored). */
export function noteDeleted(w: WriteHandle, deleted: number, now: number): boolean {
  const total = deletedSinceMerge(w) + deleted;
  if (deleted > 0) setEngineSetting(w, ENGINE_SETTING_KEYS.searchDeletedSinceMerge, total, now);
  const ids = w.stmt('SELECT min(id) AS lo, max(id) AS hi FROM events').get() as {
    lo: number | null;
    hi: number | null;
  };
  // Events are trimmed oldest first, so the id range is close to the count, read from the index.
  const stored = ids.lo === null || ids.hi === null ? 0 : ids.hi - ids.lo + 1;
  return total >= Math.max(MERGE_MIN_DELETED, stored / 10);
}

/**
 * One step of merging every segment of the index into one, dropping deleted rows; false when the
 * index is merged (the count is then reset). FTS5 reports work only through the change counter:
 * fewer than two changes means there was nothing to merge (https://sqlite.org/fts5.html, the
 * "merge" command).
 */
export function searchMergeStep(w: WriteHandle, pages: number, now: number): boolean {
  const before = totalChanges(w);
  // Negative: every segment may be merged, even a lone one holding deleted rows.
  w.raw.exec(
    `INSERT INTO events_search (events_search, rank) VALUES ('merge', ${-Math.max(16, Math.floor(pages))})`,
  );
  if (totalChanges(w) - before >= 2) return true;
  setEngineSetting(w, ENGINE_SETTING_KEYS.searchDeletedSinceMerge, undefined, now);
  return false;
}

function totalChanges(h: ReadHandle): number {
  return (h.stmt('SELECT total_changes() AS n').get() as { n: number }).n;
}
