/**
 * The key store's encrypted side: sealing execution secrets and pack config secrets with the
 * master key. Plain values never leave here except into an action's stdin.
 */
import { deleteKey, getKey, putKey, type Store, type WriteHandle } from '../store/index.ts';
import { openJson, sealJson } from './cipher.ts';
import type { KeyProvider } from './key-provider.ts';

/** Key-store ref of a pack's secret config value. */
export function packSecretRef(packRef: string, name: string): string {
  return `${packRef}.config.${name}`;
}

export class Vault {
  constructor(
    private readonly store: Store,
    private readonly keys: KeyProvider,
  ) {}

  seal(value: unknown): string {
    return sealJson(this.keys.masterKey(), value);
  }

  open<T>(sealed: string): T {
    return openJson<T>(this.keys.masterKey(), sealed);
  }

  /** Stores an encrypted key-store value. */
  putSecret(
    w: WriteHandle,
    ref: string,
    value: unknown,
    scope: 'system' | 'pack' | 'action',
    owner: string | null,
    now: number,
  ) {
    putKey(w, { ref, value: this.seal(value), encrypted: true, scope, owner }, now);
  }

  getSecret<T>(ref: string): T | null {
    const k = getKey(this.store.read, ref);
    if (!k) return null;
    return k.encrypted ? this.open<T>(k.value) : (JSON.parse(k.value) as T);
  }

  deleteSecret(w: WriteHandle, ref: string): void {
    deleteKey(w, ref);
  }

  /** A pack's secret config values, by field name. */
  packSecrets(packRef: string, names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const n of names) {
      const v = this.getSecret<unknown>(packSecretRef(packRef, n));
      if (v !== null) out[n] = v;
    }
    return out;
  }
}
