/**
 * The schedule preview's shapes (docs/timers.md, "The preview": "the UI shows the next runs before saving"): the
 * params of a timer rule not saved yet, and its next instants in UTC and in the rule's zone with
 * the DST marks of docs/timers.md.
 */
import { z } from 'zod';
import { parseJsonBounded } from '../model/json-depth.ts';
import { decimalInt } from './decimal.ts';
import { JsonObjectSchema } from './entities.ts';

/** The most instants one preview returns. */
export const MAX_PREVIEW_ITEMS = 100;

/**
 * `trigger_params` as an object, or as JSON text (a query string carries it so); the text must be
 * a JSON object.
 */
const TriggerParams = z.union([JsonObjectSchema, z.string()]).transform((v, ctx) => {
  if (typeof v !== 'string') return v;
  const parsed = parseJsonBounded(v);
  if (
    parsed.ok &&
    parsed.value !== null &&
    typeof parsed.value === 'object' &&
    !Array.isArray(parsed.value)
  ) {
    return parsed.value as Record<string, unknown>;
  }
  if (!parsed.ok && parsed.tooDeep) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"expression":"0 9 * * *"}' });
  return z.NEVER;
});

export const SchedulePreviewInput = z.strictObject({
  trigger_ref: z.string().min(1).max(255),
  trigger_params: TriggerParams,
  count: decimalInt(1, MAX_PREVIEW_ITEMS).default(10),
});

/** How a DST transition touches an instant (null: not at all). */
export const DstNoteSchema = z.enum(['gap_shifted', 'overlap_first', 'transition_day']).nullable();

export const PreviewEntrySchema = z.object({
  /** ISO 8601 in UTC. */
  at: z.string(),
  /** Wall clock in `timezone`: `YYYY-MM-DDTHH:mm:ss±HH:MM`. */
  local: z.string(),
  timezone: z.string(),
  dst: DstNoteSchema,
});

export const SchedulePreviewSchema = z.object({
  trigger_ref: z.string(),
  /** The params as they would be saved (defaults filled in, e.g. the timezone). */
  trigger_params: JsonObjectSchema,
  items: z.array(PreviewEntrySchema),
});
