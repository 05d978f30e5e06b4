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
  setEngineSetting(w, ENGINE_SETTING_KEYS.searchDeletedSinceMerge, total, now);
  // Events are trimmed oldest first, so the id range is close to the count, read from the index.
  const { stored } = w.stmt('SELECT coalesce(max(id) - min(id) + 1, 0) AS stored FROM events').get() as {
    stored: number;
  };
  return total >= Math.max(MERGE_MIN_DELETED, stored / 10);
}

/**
 * One step of merging every segment of the index into one, dropping deleted rows; false when the
 * index is merged (the count is then reset). `pages` is a whole number of pages of work. FTS5
 * reports work only through the change counter: a step that did none adds one change (its own
 * command), any work adds more (https://sqlite.org/fts5.html, the "merge" command).
 */
export function searchMergeStep(w: WriteHandle, pages: number, now: number): boolean {
  const before = totalChanges(w);
  // Negative: every segment may be merged, even a lone one holding deleted rows.
  w.raw.exec(`INSERT INTO events_search (events_search, rank) VALUES ('merge', ${-pages})`);
  if (totalChanges(w) - before > 1) return true;
  setEngineSetting(w, ENGINE_SETTING_KEYS.searchDeletedSinceMerge, undefined, now);
  return false;
}

function totalChanges(h: ReadHandle): number {
  return (h.stmt('SELECT total_changes() AS n').get() as { n: number }).n;
}
