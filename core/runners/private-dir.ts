/**
 * The private folder of one run: inline scripts and parameter files live here, readable by the
 * current user only, and the folder is removed when the run ends (docs/runners.md, "Parameters"; docs/concepts.md, "Keys and secrets").
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A 0700 folder that exists for the duration of one run. */
export interface PrivateDir {
  path: string;
  /** Writes `name` inside the folder with exactly `mode` (umask cannot widen or narrow it). */
  write(name: string, content: string, mode: number): Promise<string>;
  /** Removes the folder and everything in it; never throws. */
  remove(): Promise<void>;
}

/** Creates `<parent>/attune-run-<executionId>-XXXXXX` with mode 0700. */
export async function createPrivateDir(parent: string, executionId: number): Promise<PrivateDir> {
  const dir = await mkdtemp(path.join(parent, `attune-run-${executionId}-`));
  // mkdtemp already uses 0700; say it explicitly so no platform default can widen it.
  await chmod(dir, 0o700);
  return {
    path: dir,
    async write(name, content, mode) {
      const file = path.join(dir, name);
      // 'wx' refuses to follow a planted file or link; the creating descriptor may still write
      // even when `mode` is read-only (0400).
      await writeFile(file, content, { mode, flag: 'wx' });
      await chmod(file, mode);
      return file;
    },
    async remove() {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
