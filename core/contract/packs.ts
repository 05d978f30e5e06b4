/**
 * The packs channels' shapes (docs/packs.md): import, validate, reload, delete and export inputs, and
 * the review report an import returns, so the UI and the CLI show the same thing: what each
 * action will run, what each rule does, what could not be converted and which secrets are missing.
 */
import { z } from 'zod';
import { PACK_REF_RE } from '../model/refs.ts';
import { JsonObjectSchema } from './entities.ts';

const Ref = z.string().min(1).max(255);
/** A path on the host; the file system cannot take a NUL byte, so it is refused here. */
const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte');

/** A problem or warning anchored in a pack file; shown as `file:line:column field — message`. */
export const PackProblemSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  field: z.string(),
  message: z.string(),
});

/** A secret value given at import: strings (what the CLI sends), numbers or booleans. */
const SecretValue = z.union([z.string().max(65_536), z.number(), z.boolean()]);

/** Largest archive sent as bytes over a channel (a WebSocket frame caps it lower, docs/api.md). */
export const MAX_PACK_CONTENT_BYTES = 100 * 1_048_576;

/**
 * A .tar.gz or .zip as base64: how a file chosen in the UI crosses the WebSocket or IPC, where
 * the host cannot read the user's path. Give either this or `path`.
 */
const ContentBase64 = z.base64().max(Math.ceil(MAX_PACK_CONTENT_BYTES / 3) * 4);

const eitherPathOrContent = (v: { path?: string | undefined; content_base64?: string | undefined }) =>
  (v.path === undefined) !== (v.content_base64 === undefined);
const EITHER = { message: 'give either path or content_base64 (an archive as base64)', path: ['path'] };

export const PackImportInput = z
  .strictObject({
    /** Absolute path of a pack folder, a .tar.gz or a .zip on the host's machine. */
    path: FilePath.optional(),
    content_base64: ContentBase64.optional(),
    /** Replace an installed pack of the same ref (otherwise 409). */
    upgrade: z.boolean().default(false),
    /** Values for the pack's secret config fields, by field name; stored encrypted. */
    secrets: z.record(z.string().min(1).max(255), SecretValue).default({}),
    /** The name problems are reported against for an uploaded archive (its original file name). */
    source_name: z.string().min(1).max(255).optional(),
  })
  .refine(eitherPathOrContent, EITHER);

export const PackValidateInput = z
  .strictObject({
    path: FilePath.optional(),
    content_base64: ContentBase64.optional(),
    source_name: z.string().min(1).max(255).optional(),
  })
  .refine(eitherPathOrContent, EITHER);

export const PackExportInput = z.strictObject({
  /** Rules to export (refs; unqualified ones are in the user pack `local`). */
  rules: z.array(Ref).min(1).max(10_000).optional(),
  /** A whole installed pack. Give either `rules` or `pack`. */
  pack: Ref.optional(),
  /** The exported pack's ref (default: the pack exported, the rules' one pack, else `local`). */
  as_pack: z.string().regex(PACK_REF_RE, `must match ${PACK_REF_RE.source}`).optional(),
  format: z.enum(['tar.gz', 'folder']).default('tar.gz'),
  /** Absolute path written on the host; without it a .tar.gz comes back as base64. */
  path: FilePath.optional(),
});

const ScriptPreviewSchema = z.object({
  /** File in the pack (`actions/backup.sh`), or null for an inline script. */
  path: z.string().nullable(),
  first_lines: z.array(z.string()),
  total_lines: z.number(),
});

/** One action, as the user reviews it before enabling a rule. */
export const ActionReviewSchema = z.object({
  ref: z.string(),
  label: z.string(),
  runner_type: z.string(),
  entry_point: z.string(),
  /** One sentence: "shell script actions/backup.sh", "HTTP request", "builtin echo". */
  runs: z.string(),
  script: ScriptPreviewSchema.nullable(),
  timeout_seconds: z.number(),
  secret_parameters: z.array(z.string()),
});

export const RuleReviewSchema = z.object({
  ref: z.string(),
  label: z.string(),
  /** As installed: imported rules are disabled until the user enables them. */
  enabled: z.boolean(),
  trigger_ref: z.string(),
  trigger_params: JsonObjectSchema,
  condition: z.string().nullable(),
  action_ref: z.string(),
  /** Literals given to secret parameters are shown as ***. */
  action_params: JsonObjectSchema,
  /** What a StackStorm rule lost in conversion; such a rule stays disabled until fixed. */
  conversion_problems: z.array(PackProblemSchema),
});

export const TriggerReviewSchema = z.object({
  ref: z.string(),
  label: z.string(),
  webhook_enabled: z.boolean(),
  hmac_secret_ref: z.string().nullable(),
  /** The webhook refuses every request until this key-store entry exists. */
  hmac_secret_missing: z.boolean(),
});

export const SensorReviewSchema = z.object({
  ref: z.string(),
  runner_type: z.string(),
  entry_point: z.string(),
  trigger_types: z.array(z.string()),
});

export const SecretFieldSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** A value is in the key store (given now, in pack.yaml, or kept from the previous version). */
  provided: z.boolean(),
});

/** What `packs.import`, `packs.validate` and `packs.reload` answer. */
export const PackReportSchema = z.object({
  /** False only from `packs.validate`: the problems say why. */
  valid: z.boolean(),
  /** True when the store now holds this version. */
  installed: z.boolean(),
  /** What happened: a dry run validates; an import installs or upgrades; a reload re-reads the folder. */
  operation: z.enum(['validated', 'installed', 'upgraded', 'reloaded']),
  pack: z.object({
    ref: z.string(),
    label: z.string(),
    description: z.string(),
    version: z.string(),
    author: z.string().nullable(),
  }),
  /** The version this import replaces (or would replace), null for a new pack. */
  previous_version: z.string().nullable(),
  /** Where the pack's files live once installed. */
  path: z.string().nullable(),
  problems: z.array(PackProblemSchema),
  warnings: z.array(PackProblemSchema),
  actions: z.array(ActionReviewSchema),
  triggers: z.array(TriggerReviewSchema),
  rules: z.array(RuleReviewSchema),
  sensors: z.array(SensorReviewSchema),
  secrets: z.array(SecretFieldSchema),
  /** Secret config fields without a value: the UI prompts, the CLI takes --secret name=value. */
  missing_secrets: z.array(z.string()),
  /** Refs the previous version had and this one drops (removed on install). */
  removed: z.array(z.string()),
  /**
   * Rules that were enabled before an upgrade and are disabled again for review: the pack's own,
   * and those of other packs listed in `other_rules_disabled`.
   */
  previously_enabled: z.array(z.string()),
  /** Rules of other packs disabled by an upgrade because an action they use changed, and how. */
  other_rules_disabled: z.array(z.object({ ref: z.string(), action_ref: z.string(), reason: z.string() })),
});
export type PackReport = z.infer<typeof PackReportSchema>;

export const PackExportResultSchema = z.object({
  pack: z.string(),
  version: z.string(),
  format: z.enum(['tar.gz', 'folder']),
  /** Where it was written, or null when the bytes are returned. */
  path: z.string().nullable(),
  /** `<ref>-<version>.tar.gz`, the name a download gets. */
  filename: z.string(),
  files: z.array(z.string()),
  /** The .tar.gz, base64, when no path was given. */
  bytes_base64: z.string().optional(),
  warnings: z.array(z.string()),
});
export type PackExportResult = z.infer<typeof PackExportResultSchema>;

export type PackExportRequest = z.output<typeof PackExportInput>;
