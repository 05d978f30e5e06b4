/** retention.* channels: Attune's retention config, its status, and a pass on demand (docs/retention.md). */
import { RETENTION_TARGETS, RetentionStatusSchema } from '../contract/retention.ts';
import { DBSTAT_MAX_FILE_BYTES, fileStatus, tableStatus } from '../store/retention-status-repo.ts';
import type { Handlers } from './handler-types.ts';

export const retentionHandlers = {
  'retention.get': (_a, { engine }) => engine.retention.config(),
  'retention.set': (a, { engine }) => engine.retention.setConfig(a),
  'retention.status': (_a, { engine }) => {
    const h = engine.store.read;
    const config = engine.retention.config();
    const file = fileStatus(h);
    const measure = file.file_bytes <= DBSTAT_MAX_FILE_BYTES;
    const now = engine.clock.now();
    return RetentionStatusSchema.parse({
      config,
      ...file,
      tables: RETENTION_TARGETS.map((t) => tableStatus(h, t, config.targets[t], now, measure)),
      running: engine.retention.running(),
      last_pass: engine.retention.lastPass(),
    });
  },
  'retention.run': (_a, { engine }) => {
    const last = engine.retention.lastPass();
    engine.retention
      .runPass()
      .catch((err) => engine.logger.error('retention pass failed', { error: String(err) }));
    return { running: true as const, last_pass: last };
  },
} satisfies Partial<Handlers>;
