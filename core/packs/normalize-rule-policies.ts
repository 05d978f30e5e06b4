/**
 * Attune Desktop's own rule keys (docs/timers.md, "Missed runs"; docs/engine.md, "Overlap (per rule)"): `overlap` and `misfire`. They are extra keys
 * for an Attune server, which ignores them.
 */
import {
  DEFAULT_MISFIRE,
  MISFIRE_POLICIES,
  type MisfirePolicy,
  OVERLAP_POLICIES,
  type OverlapPolicy,
} from '../model/entities.ts';
import { type FieldReader, isObject } from './field-reader.ts';

/** `overlap: parallel | single | queue | restart` (default parallel). */
export function readOverlap(r: FieldReader): OverlapPolicy {
  return r.oneOf(['overlap'], OVERLAP_POLICIES, 'parallel');
}

/**
 * `misfire: coalesce` or `misfire: {policy, max_catch_up, misfire_window}`; omitted fields take
 * the defaults (coalesce, 10, 24 h). Absent = null (the default policy).
 */
export function readMisfire(r: FieldReader): MisfirePolicy | null {
  const found = r.pick(['misfire']);
  if (found === null || found.value === null) return null;
  if (typeof found.value === 'string') {
    const policy = r.oneOf(['misfire'], MISFIRE_POLICIES, DEFAULT_MISFIRE.policy);
    return { ...DEFAULT_MISFIRE, policy };
  }
  if (!isObject(found.value)) {
    r.error(
      'misfire',
      `must be one of ${MISFIRE_POLICIES.join(', ')} or {policy, max_catch_up, misfire_window}`,
    );
    return null;
  }
  const sub = r.child(found.key, found.value);
  const misfire: MisfirePolicy = {
    policy: sub.oneOf(['policy'], MISFIRE_POLICIES, DEFAULT_MISFIRE.policy),
    max_catch_up:
      sub.number(['max_catch_up'], DEFAULT_MISFIRE.max_catch_up, { integer: true, min: 1 }) ??
      DEFAULT_MISFIRE.max_catch_up,
    misfire_window:
      sub.number(['misfire_window'], DEFAULT_MISFIRE.misfire_window, { integer: true, min: 1 }) ??
      DEFAULT_MISFIRE.misfire_window,
  };
  sub.reportUnknownKeys('misfire');
  return misfire;
}
