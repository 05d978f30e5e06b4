/**
 * The key/value store on the wire, in Attune's shapes (docs/concepts.md, "Keys and secrets"): a
 * key's full answer (`KeyResponse`), its list summary (`KeySummary`, never a value) and the
 * request bodies of Attune's `/api/v1/keys` routes. Owner scopes are Attune's `owner_type`
 * names; this app keeps `system`, `pack` and `action` (no identities or sensors own keys here).
 */
import { z } from 'zod';
import { decimalInt } from './decimal.ts';
import { listOf } from './entities.ts';

export const KEY_OWNER_TYPES = ['system', 'pack', 'action'] as const;
export type KeyOwnerType = (typeof KEY_OWNER_TYPES)[number];

/** A key ref: letters, digits, `_`, `-` and `.`, starting with a letter, digit or `_`. */
export const KeyRef = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a key ref is letters, digits, _ - and . (e.g. github_token)');

const Owner = z.string().min(1).max(255).nullable().optional();
const OwnerId = decimalInt(1).nullable().optional();
const Stamp = z.string();

/** `true`/`false` as a JSON boolean, or as written in a query string. */
export const QueryBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** A key as Attune's `KeyResponse`: `value` is null for an encrypted key not decrypted. */
export const KeySchema = z.object({
  id: z.number().int(),
  ref: z.string(),
  owner_type: z.enum(KEY_OWNER_TYPES),
  owner: z.string().nullable(),
  owner_identity: z.null(),
  owner_pack: z.number().int().nullable(),
  owner_pack_ref: z.string().nullable(),
  owner_action: z.number().int().nullable(),
  owner_action_ref: z.string().nullable(),
  owner_sensor: z.null(),
  owner_sensor_ref: z.null(),
  name: z.string(),
  encrypted: z.boolean(),
  value: z.unknown(),
  created: Stamp,
  updated: Stamp,
});
export type Key = z.infer<typeof KeySchema>;

/** A key in a list (Attune's `KeySummary`): never a value, encrypted or not. */
export const KeySummarySchema = KeySchema.omit({ value: true });
export type KeySummary = z.infer<typeof KeySummarySchema>;

export const KeyListInput = z.strictObject({
  owner_type: z.enum(KEY_OWNER_TYPES).optional(),
  owner: z.string().min(1).max(255).optional(),
  page: decimalInt(1).default(1),
  /** Attune's name for the page size on this route; `page_size` is accepted too. */
  per_page: decimalInt(1, 100).optional(),
  page_size: decimalInt(1, 100).optional(),
});

export const KeyGetInput = z.strictObject({
  /** The key's ref, or its integer id written in digits. */
  ref: z.string().min(1).max(255),
  /** Attune's `decrypt=true`: the value of an encrypted key, when the caller may decrypt. */
  decrypt: QueryBool.default(false),
});

/** Attune's `CreateKeyRequest`. Identity and sensor owner fields are accepted only when empty. */
export const KeyCreateInput = z.strictObject({
  ref: KeyRef.optional(),
  /** Attune's newer form: the ref within its owner; the full ref is `<owner_type>.<owner>.<local_ref>`. */
  local_ref: KeyRef.optional(),
  owner_type: z.enum(KEY_OWNER_TYPES).default('system'),
  owner: Owner,
  owner_pack: OwnerId,
  owner_pack_ref: Owner,
  owner_action: OwnerId,
  owner_action_ref: Owner,
  owner_identity: z.null().optional(),
  owner_sensor: z.null().optional(),
  owner_sensor_ref: z.null().optional(),
  name: z.string().min(1).max(255).optional(),
  value: z.json(),
  encrypted: z.boolean().default(false),
});

/** Attune's `UpdateKeyRequest` with the ref from the path. */
export const KeyUpdateInput = z.strictObject({
  ref: z.string().min(1).max(255),
  name: z.string().min(1).max(255).optional(),
  value: z.json().optional(),
  encrypted: z.boolean().optional(),
});

export const KeyDeleteInput = z.strictObject({ ref: z.string().min(1).max(255) });

/**
 * Attune's `SuccessResponse`, answered as it is (no `{data}` wrapper), with `data` naming what
 * was deleted as this API's other deletes do (Attune's clients ignore it).
 */
export const KeyDeletedSchema = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.object({ ref: z.string(), deleted: z.literal(true) }),
});

export const KeyListSchema = listOf(KeySummarySchema);
