/**
 * 0120: deleting events no longer makes the text-search index rewrite a whole segment inside the
 * deleting transaction (docs/retention.md, "Pauses"). FTS5 rewrites a segment once a tenth of its
 * rows are deleted (`deletemerge`); with a million events in one segment, one retention batch
 * that crossed that line held the event loop for up to 1.9 s. With it off, deleted rows wait in
 * the index until a retention pass merges it in bounded steps (core/store/search-merge.ts).
 */
import type { Migration } from './types.ts';

export const migration0120: Migration = {
  version: 120,
  name: 'search-merges',
  up: `INSERT INTO events_search (events_search, rank) VALUES ('deletemerge', 0);`,
};
