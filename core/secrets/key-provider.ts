/**
 * Where the 32-byte master key comes from (docs/concepts.md, "Keys and secrets"). Headless: a 0600 key file in the data
 * folder. The desktop wraps the same file with Electron's safeStorage (OS keychain) in electron/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeyProvider {
  /** The master key; created on first use. */
  masterKey(): Buffer;
  /** Whether the key exists already (a missing key is never replaced while sealed data needs it). */
  exists(): boolean;
  /** Where the key lives, for messages (a file path). */
  readonly location: string;
}

/** Reads `<dir>/master.key`, creating it (0600) with random bytes when missing. */
export function fileKeyProvider(dir: string): KeyProvider {
  const file = path.join(dir, 'master.key');
  let cached: Buffer | null = null;
  return {
    location: file,
    exists: () => cached !== null || fs.existsSync(file),
    masterKey() {
      if (cached) return cached;
      try {
        const hex = fs.readFileSync(file, 'utf8').trim();
        cached = Buffer.from(hex, 'hex');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const key = crypto.randomBytes(32);
        // 'wx' fails if another process created it meanwhile; then read theirs.
        try {
          fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
          cached = key;
        } catch {
          cached = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
        }
      }
      if (cached.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
      return cached;
    },
  };
}
