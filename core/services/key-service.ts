/**
 * The user's key/value store behind Attune's key API (docs/concepts.md, "Keys and secrets").
 * Encrypted values are sealed with the master key before they are written and opened only for a
 * caller that asked to decrypt and may; lists never carry a value. The app's own keys (webhook
 * HMAC secrets, secret pack settings) are `managed`: not listed, not readable, not writable here.
 */
import type { z } from 'zod';
import type { Pagination } from '../contract/entities.ts';
import type {
  Key,
  KeyCreateInput,
  KeyListInput,
  KeyOwnerType,
  KeySummary,
  KeyUpdateInput,
} from '../contract/keys.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import type { Clock } from '../schedule/clock.ts';
import type { Vault } from '../secrets/vault.ts';
import {
  deleteKey,
  getAction,
  getKey,
  getKeyById,
  getPack,
  insertKey,
  type KeyRow,
  listKeys,
  type ReadHandle,
  type Store,
  updateKey,
} from '../store/index.ts';
import type { ChangeFeed } from './ports.ts';

export interface KeyServiceDeps {
  store: Store;
  vault: Vault;
  notifier: ChangeFeed;
  clock: Clock;
  /** Called after every change: rendered templates read keys (the pack catalog forgets them). */
  onChange?: () => void;
}

const DIGITS = /^[0-9]+$/;

export class KeyService {
  constructor(private readonly d: KeyServiceDeps) {}

  list(a: z.output<typeof KeyListInput>): { items: KeySummary[]; pagination: Pagination } {
    const pageSize = a.per_page ?? a.page_size ?? 50;
    const page = listKeys(
      this.d.store.read,
      { scope: a.owner_type, owner: a.owner },
      {
        page: a.page,
        page_size: pageSize,
      },
    );
    const totalPages = Math.max(1, Math.ceil(page.total / pageSize));
    return {
      items: page.items.map(summaryOf),
      pagination: {
        page: a.page,
        page_size: pageSize,
        total_items: page.total,
        total_pages: totalPages,
        has_previous: a.page > 1,
        has_next: a.page < totalPages,
        total_is_lower_bound: false,
      },
    };
  }

  /**
   * One key. An encrypted key's value is null unless `decrypt` is true: the caller (the host)
   * passes true only when the request asked for it and its credential may decrypt.
   */
  get(ref: string, decrypt: boolean): Key {
    const k = this.find(this.d.store.read, ref);
    return this.answer(k, !k.encrypted || decrypt);
  }

  /** Attune's create: a ref already taken is a conflict; the answer carries the value sent. */
  create(a: z.output<typeof KeyCreateInput>): Key {
    const owner = this.ownerOf(a);
    const ref = a.ref ?? (a.local_ref ? canonicalRef(a.owner_type, owner, a.local_ref) : null);
    if (ref === null)
      throw new AttuneError('VALIDATION_ERROR', 'ref: required (or local_ref)', { field: 'ref' });
    if (DIGITS.test(ref)) {
      throw new AttuneError('VALIDATION_ERROR', 'ref: digits alone name a key by its id; add a letter', {
        field: 'ref',
      });
    }
    const row = this.d.store.transaction((w) => {
      if (getKey(w, ref))
        throw new AttuneError('CONFLICT', `Key with ref '${ref}' already exists`, { field: 'ref' });
      this.checkOwner(w, a.owner_type, owner);
      return insertKey(
        w,
        {
          ref,
          name: a.name ?? ref,
          value: this.stored(a.value, a.encrypted),
          encrypted: a.encrypted,
          scope: a.owner_type,
          owner,
        },
        this.d.clock.now(),
      );
    });
    this.changed(row, 'created');
    return { ...this.answer(row, false), value: a.value };
  }

  /**
   * Attune's update: a new value is sealed when the key is (or becomes) encrypted; changing
   * `encrypted` alone re-seals or opens the stored value. The answer never carries an encrypted value.
   */
  update(a: z.output<typeof KeyUpdateInput>): Key {
    const row = this.d.store.transaction((w) => {
      const k = this.find(w, a.ref);
      const encrypted = a.encrypted ?? k.encrypted;
      const value = a.value !== undefined ? a.value : this.plain(k);
      return updateKey(
        w,
        k.ref,
        { name: a.name ?? k.name, value: this.stored(value, encrypted), encrypted },
        this.d.clock.now(),
      ) as KeyRow;
    });
    this.changed(row, 'updated');
    return this.answer(row, !row.encrypted);
  }

  delete(ref: string): { success: true; message: string; data: { ref: string; deleted: true } } {
    const row = this.d.store.transaction((w) => {
      const k = this.find(w, ref);
      deleteKey(w, k.ref);
      return k;
    });
    this.changed(row, 'deleted');
    return { success: true, message: 'Key deleted successfully', data: { ref: row.ref, deleted: true } };
  }

  /** A user key by ref, or by its id written in digits; managed keys are not found. */
  private find(h: ReadHandle, ref: string): KeyRow {
    const k = getKey(h, ref) ?? (DIGITS.test(ref) ? getKeyById(h, Number(ref)) : null);
    if (!k || k.managed) throw notFound('key', ref);
    return k;
  }

  private ownerOf(a: z.output<typeof KeyCreateInput>): string | null {
    const pick = (ref: string | null | undefined, id: number | null | undefined, field: string) => {
      const owner = ref ?? a.owner ?? null;
      if (owner === null && id != null) {
        throw new AttuneError('VALIDATION_ERROR', `${field}: name the owner by its ref (${field}_ref)`, {
          field,
        });
      }
      if (owner === null) {
        throw new AttuneError('VALIDATION_ERROR', `${field}_ref: required for owner_type ${a.owner_type}`, {
          field: `${field}_ref`,
        });
      }
      return owner;
    };
    if (a.owner_type === 'pack') return pick(a.owner_pack_ref, a.owner_pack, 'owner_pack');
    if (a.owner_type === 'action') return pick(a.owner_action_ref, a.owner_action, 'owner_action');
    return a.owner ?? null;
  }

  private checkOwner(h: ReadHandle, type: KeyOwnerType, owner: string | null): void {
    if (type === 'pack' && owner !== null && !getPack(h, owner)) {
      throw new AttuneError('VALIDATION_ERROR', `owner_pack_ref: Pack with ref '${owner}' not found`, {
        field: 'owner_pack_ref',
      });
    }
    if (type === 'action' && owner !== null && !getAction(h, owner)) {
      throw new AttuneError('VALIDATION_ERROR', `owner_action_ref: Action with ref '${owner}' not found`, {
        field: 'owner_action_ref',
      });
    }
  }

  private stored(value: unknown, encrypted: boolean): string {
    return encrypted ? this.d.vault.seal(value) : JSON.stringify(value);
  }

  private plain(k: KeyRow): unknown {
    return k.encrypted ? this.d.vault.open<unknown>(k.value) : (JSON.parse(k.value) as unknown);
  }

  private answer(k: KeyRow, withValue: boolean): Key {
    return { ...summaryOf(k), value: withValue ? this.plain(k) : null };
  }

  /** Announces a change without the value (notifications are never a way to read a key). */
  private changed(k: KeyRow, change: 'created' | 'updated' | 'deleted'): void {
    this.d.onChange?.();
    this.d.notifier.publish('key_changed', 'key', k.ref, { ...summaryOf(k), change });
  }
}

/** Attune's owner-qualified ref: `system.<local>`, `pack.<pack>.<local>`, `action.<action>.<local>`. */
function canonicalRef(type: KeyOwnerType, owner: string | null, local: string): string {
  return type === 'system' || owner === null ? `system.${local}` : `${type}.${owner}.${local}`;
}

/** A key without its value, as lists show it. */
export function summaryOf(k: KeyRow): KeySummary {
  return {
    id: k.id,
    ref: k.ref,
    owner_type: k.scope,
    owner: k.owner,
    owner_identity: null,
    // Pack and action integer ids are not joined here; their refs name them.
    owner_pack: null,
    owner_pack_ref: k.scope === 'pack' ? k.owner : null,
    owner_action: null,
    owner_action_ref: k.scope === 'action' ? k.owner : null,
    owner_sensor: null,
    owner_sensor_ref: null,
    name: k.name || k.ref,
    encrypted: k.encrypted,
    created: k.created,
    updated: k.updated,
  };
}
