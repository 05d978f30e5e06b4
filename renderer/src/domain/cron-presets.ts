/** Cron presets for the builder: "every weekday at 07:30" and friends, as expressions. */

export const DAY_PRESETS = [
  { id: 'daily', label: 'Every day', dow: '*' },
  { id: 'weekdays', label: 'Every weekday (Mon–Fri)', dow: '1-5' },
  { id: 'weekends', label: 'Every Saturday and Sunday', dow: '0,6' },
  { id: 'mon', label: 'Every Monday', dow: '1' },
  { id: 'tue', label: 'Every Tuesday', dow: '2' },
  { id: 'wed', label: 'Every Wednesday', dow: '3' },
  { id: 'thu', label: 'Every Thursday', dow: '4' },
  { id: 'fri', label: 'Every Friday', dow: '5' },
  { id: 'sat', label: 'Every Saturday', dow: '6' },
  { id: 'sun', label: 'Every Sunday', dow: '0' },
] as const;

export type DayPreset = (typeof DAY_PRESETS)[number]['id'];

/** Schedules that need no time of day. */
export const QUICK_PRESETS = [
  { label: 'Every 5 minutes', expression: '*/5 * * * *' },
  { label: 'Every 15 minutes', expression: '*/15 * * * *' },
  { label: 'Every hour', expression: '0 * * * *' },
  { label: 'First of the month, 09:00', expression: '0 9 1 * *' },
] as const;

/** `weekdays` at `07:30` → `30 7 * * 1-5`; null when the time is not HH:MM. */
export function dayPresetExpression(day: DayPreset, time: string): string | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  const preset = DAY_PRESETS.find((p) => p.id === day);
  if (!m || !preset) return null;
  return `${Number(m[2])} ${Number(m[1])} * * ${preset.dow}`;
}

/** The browser's time zone (the default for new timer rules). */
export function localTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone this browser knows, for the zone picker. */
export function timezones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}
