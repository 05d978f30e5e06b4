/**
 * The stored retention config (migration 0090): one row of JSON, read over the defaults so a
 * target added in a later version gets its default on a store that saved the config before.
 */
import {
  DEFAULT_RETENTION_CONFIG,
  RETENTION_TARGETS,
  type RetentionConfig,
  type RetentionConfigChange,
  RetentionConfigSchema,
} from '../model/retention.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** `base` with `change` applied; fields left out keep their value in `base`. */
export function applyRetentionChange(base: RetentionConfig, change: RetentionConfigChange): RetentionConfig {
  const targets = { ...base.targets };
  for (const t of RETENTION_TARGETS) {
    const c = change.targets?.[t];
    if (c) targets[t] = { ...targets[t], ...c };
  }
  return {
    enabled: change.enabled ?? base.enabled,
    check_interval_seconds: change.check_interval_seconds ?? base.check_interval_seconds,
    batch_size: change.batch_size ?? base.batch_size,
    min_per_outcome: change.min_per_outcome ?? base.min_per_outcome,
    targets,
  };
}

export function loadRetentionConfig(h: ReadHandle): RetentionConfig {
  const row = h.stmt('SELECT config FROM retention_config WHERE id = 1').get() as
    | { config: string }
    | undefined;
  if (!row) return DEFAULT_RETENTION_CONFIG;
  let stored: unknown;
  try {
    stored = JSON.parse(row.config);
  } catch {
    return DEFAULT_RETENTION_CONFIG;
  }
  // A stored config is one this app validated; a field it lacks (a newer target) takes its default.
  const merged = applyRetentionChange(DEFAULT_RETENTION_CONFIG, stored as RetentionConfigChange);
  const parsed = RetentionConfigSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_RETENTION_CONFIG;
}

export function saveRetentionConfig(w: WriteHandle, config: RetentionConfig, now: number): void {
  w.stmt(
    `INSERT INTO retention_config (id, config, updated) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated = excluded.updated`,
  ).run(JSON.stringify(config), now);
}
