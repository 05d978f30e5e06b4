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
import { getAction, getPack, type Store, templateKeys } from '../../store/index.ts';

/** What rendering needs of an action's pack. */
export interface PackContext {
  /** Pack config with secret values filled in (for rendering only). */
  config: JsonObject;
  /** Secret strings to keep out of every stored record. */
  secretValues: string[];
  /**
   * The keys a rule's templates read as `keystore.<ref>` (docs/concepts.md, "Keys and secrets"):
   * system keys, the rule's pack's, the action's pack's and the action's own. Encrypted values are among `secretValues`.
   */
  keystore?: JsonObject;
}

export class PackCatalog {
  private readonly contexts = new Map<string, PackContext>();
  private readonly paths = new Map<string, string | null>();
  private readonly actions = new Map<string, Action | null>();

  constructor(
    private readonly store: Store,
    private readonly vault: Vault,
  ) {}

  /** Pack config and keys for a rule's templates (pack and action), with secret values. */
  get(packRef: string, actionRef = ''): PackContext {
    const cacheKey = `${packRef}\u0000${actionRef}`;
    let ctx = this.contexts.get(cacheKey);
    if (!ctx) {
      const pack = getPack(this.store.read, packRef);
      const secrets = pack ? this.vault.packSecrets(packRef, secretFields(pack.conf_schema)) : {};
      const keystore: JsonObject = {};
      const sealed: JsonObject = {};
      for (const k of templateKeys(this.store.read, [packRef, actionPack(actionRef)], actionRef)) {
        const value = k.encrypted ? this.vault.open<unknown>(k.value) : (JSON.parse(k.value) as unknown);
        keystore[k.ref] = value;
        if (k.encrypted) sealed[k.ref] = value;
      }
      ctx = {
        config: pack ? { ...pack.config, ...secrets } : {},
        secretValues: [...secretStrings(secrets), ...secretStrings(sealed)],
        keystore,
      };
      this.contexts.set(cacheKey, ctx);
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

/** The pack part of an action ref (`pack.name`); empty when there is none. */
function actionPack(actionRef: string): string {
  const dot = actionRef.indexOf('.');
  return dot > 0 ? actionRef.slice(0, dot) : '';
}
