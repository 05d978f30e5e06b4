/**
 * 0030: text search over event payloads (docs/performance.md, "Store"), an FTS5 index kept in sync by triggers so
 * every writer — the ingestor, imports, bulk tools — keeps it current without knowing of it.
 *
 * The index holds the payload's scalar values only (strings, numbers, booleans, via json_tree),
 * not its keys: searching "error" should find events that say error, not every payload with an
 * `error: null` field. It is contentless (`content=''`): the text lives in `events.payload`
 * already, and search joins back by rowid = events.id. `contentless_delete=1` lets the delete
 * trigger remove an event's entry by rowid alone.
 *
 * Only the first 4,096 characters of that text are indexed: FTS5 costs ~2 µs per token inside
 * the ingest transaction (docs/performance.md), so a 50 KB payload would cost milliseconds per
 * event. Search finds what a payload says near its start; `events.get` still shows all of it.
 */
import type { Migration } from './types.ts';

/** How much of a payload's text is indexed (see above). */
export const SEARCH_TEXT_CHARS = 4096;

/** The indexed text of a payload column; the same expression backfills and keeps in sync. */
const searchText = (col: string) =>
  `substr(CASE WHEN json_valid(${col}) THEN (SELECT group_concat(atom, ' ') FROM json_tree(${col}) WHERE atom IS NOT NULL) ELSE ${col} END, 1, ${SEARCH_TEXT_CHARS})`;

export const migration0030: Migration = {
  version: 30,
  name: 'events-search',
  up: `
CREATE VIRTUAL TABLE events_search USING fts5(
  payload_text,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO events_search (rowid, payload_text) SELECT id, ${searchText('payload')} FROM events;

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_search (rowid, payload_text) VALUES (new.id, ${searchText('new.payload')});
END;

CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_search WHERE rowid = old.id;
END;

CREATE TRIGGER events_search_update AFTER UPDATE OF payload ON events BEGIN
  DELETE FROM events_search WHERE rowid = old.id;
  INSERT INTO events_search (rowid, payload_text) VALUES (new.id, ${searchText('new.payload')});
END;
`,
};
