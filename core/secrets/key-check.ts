/**
 * The start-up check of the master key against the store: while anything is sealed with it, a
 * missing key is an error naming the file (creating a new one would leave every sealed secret
 * unreadable and each HMAC webhook failing), and so is a key that does not open the sealed data.
 * With nothing sealed, a missing key is created on first use as before.
 */
import { AttuneError } from '../model/errors.ts';
import { type ReadHandle, sampleSealedValue } from '../store/index.ts';
import { open } from './cipher.ts';
import type { KeyProvider } from './key-provider.ts';

const WHAT =
  'encrypted keys, webhook HMAC secrets, secret pack settings or secret parameters of waiting executions';

export function checkMasterKey(read: ReadHandle, keys: KeyProvider, databaseFile: string): void {
  const sample = sampleSealedValue(read);
  if (sample === null) return;
  if (!keys.exists()) {
    throw new AttuneError(
      'INTERNAL',
      `the master key ${keys.location} is missing, but ${databaseFile} holds secrets sealed with it (${WHAT}); Attune Desktop did not start and will not make a new key that cannot open them. Restore the key file from a backup of this data folder.`,
    );
  }
  try {
    open(keys.masterKey(), sample);
  } catch (err) {
    throw new AttuneError(
      'INTERNAL',
      `the master key ${keys.location} does not open the secrets sealed in ${databaseFile} (${err instanceof Error ? err.message : String(err)}); Attune Desktop did not start. Restore the key file that belongs to this database.`,
    );
  }
}
