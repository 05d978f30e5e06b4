/**
 * Every webhook attempt, kept bounded: the newest MAX_WEBHOOK_ATTEMPTS on known triggers, and
 * apart from them the newest MAX_UNKNOWN_KEY_ATTEMPTS on unknown keys (`trigger_ref` null), so
 * calls that need no key at all can never push a trigger's history out (docs/security.md,
 * "Webhooks").
 */
import type { WebhookAttempt } from '../model/entities.ts';
import { iso } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** Attempts kept on known triggers (all triggers together). */
export const MAX_WEBHOOK_ATTEMPTS = 10_000;
/** Attempts kept on unknown keys. */
export const MAX_UNKNOWN_KEY_ATTEMPTS = 1_000;

export type WebhookAttemptInput = Omit<WebhookAttempt, 'id' | 'created'> & { created: number };

export function insertWebhookAttempt(w: WriteHandle, a: WebhookAttemptInput): number {
  const info = w
    .stmt(
      `INSERT INTO webhook_attempts (trigger_ref, webhook_key, status_code, error, event_id, remote_address, body_bytes, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      a.trigger_ref,
      a.webhook_key,
      a.status_code,
      a.error,
      a.event_id,
      a.remote_address,
      a.body_bytes,
      a.created,
    );
  const id = Number(info.lastInsertRowid);
  // Prune in batches so the bounds cost two indexed deletes every few hundred inserts.
  if (id % 500 === 0) {
    w.stmt(
      `DELETE FROM webhook_attempts WHERE trigger_ref IS NULL AND id < (
         SELECT id FROM webhook_attempts WHERE trigger_ref IS NULL ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    ).run(MAX_UNKNOWN_KEY_ATTEMPTS - 1);
    w.stmt(
      `DELETE FROM webhook_attempts WHERE trigger_ref IS NOT NULL AND id < (
         SELECT id FROM webhook_attempts WHERE trigger_ref IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    ).run(MAX_WEBHOOK_ATTEMPTS - 1);
  }
  return id;
}

export function listWebhookAttempts(
  h: ReadHandle,
  triggerRef: string | null,
  limit: number,
): WebhookAttempt[] {
  const rows = (
    triggerRef === null
      ? h.stmt('SELECT * FROM webhook_attempts ORDER BY id DESC LIMIT ?').all(limit)
      : h
          .stmt('SELECT * FROM webhook_attempts WHERE trigger_ref = ? ORDER BY id DESC LIMIT ?')
          .all(triggerRef, limit)
  ) as Array<Omit<WebhookAttempt, 'created'> & { created: number }>;
  return rows.map((r) => ({ ...r, created: iso(r.created) }));
}
