/**
 * Attune's action update (docs/attune-compat.md, "Requests"): the label, description, entry
 * point, schemas, timeout and enabled flag of a stored action. An action belongs to its pack's
 * files, so the change lasts until the pack is reloaded or imported again, as on an Attune server
 * when a pack is registered again.
 */
import type { ActionPatch } from '../contract/channels.ts';
import type { Action } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import { normalizeParamSchema } from '../model/param-schema.ts';
import { getAction, type Store, upsertAction } from '../store/index.ts';

/** The default an action's timeout returns to when Attune's patch clears it. */
const DEFAULT_TIMEOUT_SECONDS = 600;

function timeoutOf(p: ActionPatch['timeout_seconds'], current: number): number {
  if (p === undefined || p === null) return current;
  if (typeof p === 'number') return p;
  return p.op === 'set' ? p.value : DEFAULT_TIMEOUT_SECONDS;
}

/** Applies `patch` (absent or null keeps a field) and returns the stored action. */
export function updateAction(store: Store, ref: string, patch: ActionPatch, now: number): Action {
  return store.transaction((w) => {
    const current = getAction(w, ref);
    if (!current) throw notFound('action', ref);
    const entry = patch.entrypoint ?? current.entry_point;
    if (entry.trim() === '') {
      throw new AttuneError('VALIDATION_ERROR', 'entrypoint must not be empty', { field: 'entrypoint' });
    }
    const { id: _id, created: _c, updated: _u, ...rest } = current;
    return upsertAction(
      w,
      {
        ...rest,
        label: patch.label ?? current.label,
        description: patch.description ?? current.description,
        entry_point: entry,
        parameters:
          patch.param_schema == null
            ? current.parameters
            : normalizeParamSchema(patch.param_schema, 'param_schema'),
        output:
          patch.out_schema == null ? current.output : normalizeParamSchema(patch.out_schema, 'out_schema'),
        timeout_seconds: timeoutOf(patch.timeout_seconds, current.timeout_seconds),
        enabled: patch.enabled ?? current.enabled,
      },
      now,
    );
  });
}
