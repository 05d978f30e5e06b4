/**
 * The data folder's modes, set on every start: the folder 0700, the files directly in it
 * (database, WAL, shared memory, API token, master key, host.json, lock) 0600 — also when they
 * were created earlier with looser modes, e.g. in a folder the user made by hand.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Owner-only modes for the folder and its top-level files; a no-op on Windows (ACLs instead). */
export function makeDataFolderPrivate(dataDir: string, platform = process.platform): void {
  if (platform === 'win32') return;
  fs.chmodSync(dataDir, 0o700);
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    // Symlinks are left alone: chmod would change whatever they point at.
    if (!entry.isFile()) continue;
    try {
      fs.chmodSync(path.join(dataDir, entry.name), 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
