/**
 * The master key on the desktop (docs/concepts.md, "Keys and secrets"): 32 random bytes encrypted with Electron's safeStorage
 * (the OS keychain) in `<userData>/master.key.enc`. Falls back to the headless 0600 key file
 * only where the OS offers no keychain.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { fileKeyProvider, type KeyProvider } from '../core/index.ts';

export function safeStorageKeyProvider(dir: string): KeyProvider {
  if (!safeStorage.isEncryptionAvailable()) return fileKeyProvider(dir);
  const file = path.join(dir, 'master.key.enc');
  let key: Buffer | null = null;
  return {
    location: file,
    exists: () => key !== null || fs.existsSync(file),
    masterKey() {
      if (key) return key;
      if (fs.existsSync(file)) {
        key = Buffer.from(safeStorage.decryptString(fs.readFileSync(file)), 'hex');
      } else {
        key = crypto.randomBytes(32);
        fs.writeFileSync(file, safeStorage.encryptString(key.toString('hex')), { mode: 0o600 });
      }
      return key;
    },
  };
}
