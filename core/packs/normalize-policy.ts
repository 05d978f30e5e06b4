/**
 * policies/<name>.yaml → PolicyDef. Attune Desktop does not enforce Attune's policies
 * (concurrency and rate limits live on rules here), so beyond the ref, label, description,
 * enabled flag and action, a policy's keys are kept verbatim for export.
 */
import type { JsonObject } from '../model/entities.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  qualifyOrReport,
  readEntityRef,
  requireMapping,
} from './normalize-common.ts';
import type { PolicyDef } from './pack-model.ts';
import type { YamlFile } from './yaml-source.ts';

const OWN_KEYS = ['ref', 'name', 'label', 'description', 'enabled', 'action_ref', 'pack', 'pack_ref'];

/** Reads one policy file. */
export function normalizePolicy(yaml: YamlFile, ctx: NormalizeContext): PolicyDef | null {
  const r = requireMapping(yaml, ctx.sink, 'policy');
  if (r === null) return null;
  const id = readEntityRef(r, ctx, 'policy');
  if (id === null) return null;
  const rawAction = r.string(['action_ref'], null);
  const actionRef = rawAction === null ? null : qualifyOrReport(r, rawAction, ctx.packRef, 'action_ref');
  const settings: JsonObject = {};
  for (const [key, value] of Object.entries(r.obj)) {
    if (!OWN_KEYS.includes(key)) settings[key] = value;
  }
  return {
    ...entityHeader(r, ctx, id),
    enabled: r.bool(['enabled'], true),
    action_ref: actionRef,
    settings,
    source: entitySource(yaml),
  };
}
