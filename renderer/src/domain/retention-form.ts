/**
 * The retention form on the settings page (docs/retention.md): the config as text fields (ages
 * in days, limits in rows, an empty field for "no limit"), read back into a config change with
 * an error per field, and a size in words. No React here.
 */
import type {
  RetentionConfig,
  RetentionConfigChange,
  RetentionTargetName,
} from '../../../core/contract/retention.ts';

/** The targets the form edits, with their names in the UI. */
export const TARGET_LABELS: Record<RetentionTargetName, string> = {
  events: 'Events',
  executions: 'Executions',
  webhook_event_logs: 'Webhook attempts',
  sensor_logs: 'Sensor logs',
};

const DAY = 86_400;

/** Form field name → the config field it edits (what a server error's `field` names). */
export type RetentionFormValues = Record<string, string>;

export const ageField = (t: RetentionTargetName) => `targets.${t}.max_age_seconds`;
export const rowsField = (t: RetentionTargetName) => `targets.${t}.max_rows`;
export const MIN_FIELD = 'min_per_outcome';
export const INTERVAL_FIELD = 'check_interval_seconds';

/** The config as the form's text. */
export function formValues(c: RetentionConfig): RetentionFormValues {
  const v: RetentionFormValues = {
    [MIN_FIELD]: String(c.min_per_outcome),
    [INTERVAL_FIELD]: String(c.check_interval_seconds / 60),
  };
  for (const t of Object.keys(TARGET_LABELS) as RetentionTargetName[]) {
    const target = c.targets[t];
    v[ageField(t)] =
      target.max_age_seconds === null ? '' : String(+(target.max_age_seconds / DAY).toFixed(4));
    v[rowsField(t)] = target.max_rows === null ? '' : String(target.max_rows);
  }
  return v;
}

export type ParsedForm =
  | { ok: true; change: RetentionConfigChange }
  | { ok: false; errors: Record<string, string> };

/** A whole number ≥ `min` written with optional thousands separators, or an error sentence. */
function wholeNumber(text: string, min: number): number | string {
  const clean = text.trim().replace(/[,_\s]/g, '');
  if (!/^\d+$/.test(clean)) return 'Enter a whole number.';
  const n = Number(clean);
  return n < min ? `Enter ${min} or more.` : n;
}

/** The form's text as a config change, or an error per field. */
export function parseForm(v: RetentionFormValues): ParsedForm {
  const errors: Record<string, string> = {};
  const targets: NonNullable<RetentionConfigChange['targets']> = {};
  for (const t of Object.keys(TARGET_LABELS) as RetentionTargetName[]) {
    const ageText = (v[ageField(t)] ?? '').trim();
    let age: number | null = null;
    if (ageText !== '') {
      const days = Number(ageText.replace(',', '.'));
      if (!Number.isFinite(days) || days <= 0)
        errors[ageField(t)] = 'Enter a number of days above 0, or leave empty.';
      else age = Math.max(1, Math.round(days * DAY));
    }
    const rowsText = (v[rowsField(t)] ?? '').trim();
    let rows: number | null = null;
    if (rowsText !== '') {
      const n = wholeNumber(rowsText, 1);
      if (typeof n === 'string') errors[rowsField(t)] = `${n} Leave empty for no limit.`;
      else rows = n;
    }
    targets[t] = { max_age_seconds: age, max_rows: rows };
  }
  const min = wholeNumber(v[MIN_FIELD] ?? '', 0);
  if (typeof min === 'string') errors[MIN_FIELD] = min;
  const minutes = Number((v[INTERVAL_FIELD] ?? '').trim());
  if (!Number.isFinite(minutes) || minutes <= 0)
    errors[INTERVAL_FIELD] = 'Enter a number of minutes above 0.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    change: {
      targets,
      min_per_outcome: min as number,
      check_interval_seconds: Math.max(1, Math.round(minutes * 60)),
    },
  };
}

/** `1234567` → `1.2 MB`. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1_073_741_824) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  return `${(bytes / 1_073_741_824).toFixed(2)} GB`;
}
