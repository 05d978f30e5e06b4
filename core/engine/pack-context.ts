/** Pack config for templates, with secret values from the vault; cached until the pack changes. */
import { secretFields } from '../model/param-schema.ts';
import { secretStrings } from '../secrets/redact.ts';
import type { Vault } from '../secrets/vault.ts';
import { getPack, type Store } from '../store/index.ts';
import type { PackContext } from './render.ts';

export class PackContexts {
  private readonly cache = new Map<string, PackContext>();

  constructor(
    private readonly store: Store,
    private readonly vault: Vault,
  ) {}

  get(packRef: string): PackContext {
    let ctx = this.cache.get(packRef);
    if (!ctx) {
      const pack = getPack(this.store.read, packRef);
      if (!pack) {
        ctx = { config: {}, secretValues: [] };
      } else {
        const secrets = this.vault.packSecrets(packRef, secretFields(pack.conf_schema));
        ctx = { config: { ...pack.config, ...secrets }, secretValues: secretStrings(secrets) };
      }
      this.cache.set(packRef, ctx);
    }
    return ctx;
  }

  invalidate(packRef?: string): void {
    if (packRef === undefined) this.cache.clear();
    else this.cache.delete(packRef);
  }
}
