/**
 * Looks up triggers and actions a pack refers to outside itself (the core pack and installed
 * packs), for validation before import and for the exporter's secret scrubbing.
 */
import { packOf } from '../../model/refs.ts';
import { getAction, getTrigger, type Store } from '../../store/index.ts';
import type { RefResolver, SecretLookup } from '../index.ts';

function packOrNull(ref: string): string | null {
  try {
    return packOf(ref);
  } catch {
    return null;
  }
}

/**
 * A resolver over the store. Refs into `ownPack` are never looked up there: while that pack is
 * being imported or upgraded, only its new files count, not what the old version installed.
 */
export function storeResolver(store: Store, ownPack: string | null): RefResolver & SecretLookup {
  const foreign = (ref: string) => {
    const p = packOrNull(ref);
    return p !== null && p !== ownPack;
  };
  return {
    trigger: (ref) => (foreign(ref) ? getTrigger(store.read, ref) : null),
    action: (ref) => (foreign(ref) ? getAction(store.read, ref) : null),
  };
}
