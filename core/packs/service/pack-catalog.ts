/**
 * What the pipeline reads for every event and execution, kept in memory: each pack's config for
 * templates (secret values filled in from the vault), its install folder, and the actions. It is
 * dropped whenever a pack is installed, reloaded or deleted (PackService announces that), so the
 * hot path never queries the store for them.
 */
import type { Action, JsonObject } from '../../model/entities.ts';
import { secretFields } from '../../model/param-schema.ts';
import { secretStrings } from '../../model/secret-values.ts';
import type { Vault } from '../../secrets/vault.ts';
import { getAction, getPack, type Store } from '../../store/index.ts';

/** What rendering needs of an action's pack. */
export interface PackContext {
  /** Pack config with secret values filled in (for rendering only). */
  config: JsonObject;
  /** Secret strings to keep out of every stored record. */
  secretValues: string[];
}

export class PackCatalog {
  private readonly contexts = new Map<string, PackContext>();
  private readonly paths = new Map<string, string | null>();
  private readonly actions = new Map<string, Action | null>();

  constructor(
    private readonly store: Store,
    private readonly vault: Vault,
  ) {}

  /** Pack config for templates, with secret values. */
  get(packRef: string): PackContext {
    let ctx = this.contexts.get(packRef);
    if (!ctx) {
      const pack = getPack(this.store.read, packRef);
      if (!pack) {
        ctx = { config: {}, secretValues: [] };
      } else {
        const secrets = this.vault.packSecrets(packRef, secretFields(pack.conf_schema));
        ctx = { config: { ...pack.config, ...secrets }, secretValues: secretStrings(secrets) };
      }
      this.contexts.set(packRef, ctx);
    }
    return ctx;
  }

  /** Install folder of a pack (entry points resolve inside it). */
  packPath(packRef: string): string | null {
    if (!this.paths.has(packRef)) this.paths.set(packRef, getPack(this.store.read, packRef)?.path ?? null);
    return this.paths.get(packRef) ?? null;
  }

  action(ref: string): Action | null {
    if (!this.actions.has(ref)) this.actions.set(ref, getAction(this.store.read, ref));
    return this.actions.get(ref) ?? null;
  }

  /** Forgets everything cached about packs (any pack change can move actions between packs). */
  invalidate(): void {
    this.contexts.clear();
    this.paths.clear();
    this.actions.clear();
  }
}
