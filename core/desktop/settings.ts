/**
 * The desktop app's own settings, in `<data folder>/desktop.json` (0600): whether a failed
 * execution raises a desktop notification. A missing file means the defaults; a damaged one is
 * refused with a sentence naming the file and the field, never silently reset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DesktopSettingsSchema = z.strictObject({
  /** Raise a desktop notification when an execution fails or times out. */
  notify_on_failure: z.boolean(),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

export const DEFAULT_SETTINGS: DesktopSettings = { notify_on_failure: false };

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'desktop.json');
}

export function readSettings(dataDir: string): DesktopSettings {
  const file = settingsFile(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON`);
  }
  const r = DesktopSettingsSchema.partial().safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...DEFAULT_SETTINGS, ...r.data };
}

/** Writes the settings with a rename, so a crash leaves the old file or the new one. */
export function writeSettings(dataDir: string, s: DesktopSettings): void {
  const file = settingsFile(dataDir);
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(DesktopSettingsSchema.parse(s), null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, file);
}
