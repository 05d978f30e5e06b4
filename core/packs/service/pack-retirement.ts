/**
 * Old version folders are removed only once nothing runs from them (docs/packs.md, "Reloading and deleting": "running executions
 * finish with the old version"). The executor reads a pack's folder in the same tick in which an
 * execution becomes `running`, so the executions running from a folder are exactly those
 * `running` or `canceling` when the store stops pointing at it. When the last of them ends, the
 * folder goes; whatever is left when the app stops goes at the next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../model/logger.ts';
import { type ExecutionStatus, TERMINAL_STATUSES } from '../../model/status.ts';
import type { ChangeFeed } from '../../services/ports.ts';
import { listExecutionsInStatus, type Store } from '../../store/index.ts';
import { removeIfEmpty } from './pack-files.ts';

interface Pending {
  ids: Set<number>;
  unsubscribe: () => void;
}

export class FolderRetirement {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly store: Store,
    private readonly notifier: ChangeFeed,
    private readonly logger: Logger,
    /** Folders some pack points at right now: never removed. */
    private readonly inUse: () => ReadonlySet<string>,
  ) {}

  /** The store no longer points at `dir` (a pack of `packRef` was upgraded or deleted). */
  retire(dir: string, packRef: string): void {
    if (this.pending.has(dir)) return;
    const running = listExecutionsInStatus(this.store.read, ['running', 'canceling']).filter((e) =>
      e.action_ref.startsWith(`${packRef}.`),
    );
    if (running.length === 0) {
      this.remove(dir);
      return;
    }
    const ids = new Set(running.map((e) => e.id));
    const entry: Pending = { ids, unsubscribe: () => {} };
    entry.unsubscribe = this.notifier.subscribe(['notification_type:execution_status_changed'], (n) => {
      const status = n.payload.status;
      if (!TERMINAL_STATUSES.has(status as ExecutionStatus)) return;
      if (!ids.delete(Number(n.entity_id)) || ids.size > 0) return;
      this.pending.delete(dir);
      entry.unsubscribe();
      this.remove(dir);
    });
    this.pending.set(dir, entry);
  }

  /** `dir` is used again (the same files re-imported): it must stay. */
  claim(dir: string): void {
    const entry = this.pending.get(dir);
    if (!entry) return;
    entry.unsubscribe();
    this.pending.delete(dir);
  }

  /** Stops watching; the next start's clean-up removes what is left. */
  close(): void {
    for (const p of this.pending.values()) p.unsubscribe();
    this.pending.clear();
  }

  private remove(dir: string): void {
    if (this.inUse().has(dir)) return;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removeIfEmpty(path.dirname(dir));
    } catch (err) {
      this.logger.warn('could not remove an old pack folder; the next start will', {
        dir,
        error: String(err),
      });
    }
  }
}
