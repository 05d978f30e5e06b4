/**
 * Small engine-wide settings by key, as JSON (migration 0100): the default alert settings,
 * whether timers are paused, and how many events were deleted since the search index was merged.
 * Read at start, written when the user changes them (the count: by retention passes).
 */
import { fromJson, toJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** The keys in use, so two features never share one by accident. */
export const ENGINE_SETTING_KEYS = {
  alertDefault: 'alerts.default',
  timersPaused: 'timers.paused',
  searchDeletedSinceMerge: 'search.deleted_since_merge',
} as const;

/** The value stored under `key`, or undefined when nothing is. */
export function getEngineSetting<T>(h: ReadHandle, key: string): T | undefined {
  const row = h.stmt('SELECT value FROM engine_settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row ? fromJson<T>(row.value, undefined as T) : undefined;
}

/** Stores `value` under `key`; undefined deletes it (back to the built-in default). */
export function setEngineSetting(w: WriteHandle, key: string, value: unknown, now: number): void {
  if (value === undefined) {
    w.stmt('DELETE FROM engine_settings WHERE key = ?').run(key);
    return;
  }
  w.stmt(
    `INSERT INTO engine_settings (key, value, updated) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
  ).run(key, toJson(value), now);
}
