/**
 * Entity shapes as the store returns them and the API serves them (docs/concepts.md, "The chain"), declared once: each
 * zod schema is the shape, and its type is inferred from it. The store's mappers, the engine, the
 * API's channels (core/contract re-exports these) and the renderer all use the same declaration.
 * Timestamps are ISO 8601 strings in UTC with milliseconds; ids are integers.
 */
import { z } from 'zod';
import { ExplanationSchema } from './explanation.ts';
import { ParamSchemaSchema } from './param-schema.ts';
import { ENFORCEMENT_STATUSES, EVALUATION_OUTCOMES, EXECUTION_STATUSES } from './status.ts';

/** A JSON object: payloads, parameters, config. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;

export const RUNNER_TYPES = ['shell', 'node', 'python', 'native', 'http', 'builtin'] as const;
export type RunnerType = (typeof RUNNER_TYPES)[number];

export const OVERLAP_POLICIES = ['parallel', 'single', 'queue', 'restart'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const MISFIRE_POLICIES = ['skip', 'coalesce', 'catch_up'] as const;
export type MisfirePolicyName = (typeof MISFIRE_POLICIES)[number];

export const EVENT_KINDS = ['event', 'missed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const Timestamp = z.string();

/**
 * What names and describes a definition: a pack, or a trigger, action or rule in a pack. `id` is
 * Attune's integer identity beside the ref: stable across restarts, never reused
 * (docs/attune-compat.md, "Identity").
 */
const NAMED = { id: z.number().int(), ref: z.string(), label: z.string(), description: z.string() };

/** The fields every entity a pack owns starts with (triggers, actions, rules). */
const PACK_OWNED = { ...NAMED, pack_ref: z.string() };

/** When a stored definition was created and last changed. */
const STAMPS = { created: Timestamp, updated: Timestamp };

/** How often and how soon a failed execution is tried again. */
export const RetryPolicySchema = z.strictObject({
  /** Retries after the first attempt (0 = none). */
  count: z.number().int().min(0).max(100),
  /** Seconds before the first retry. */
  delay: z.number().min(0).max(86_400),
  backoff: z.enum(['constant', 'exponential']),
  /** Upper bound in seconds for exponential backoff. */
  max_delay: z.number().min(0).max(86_400).optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** What a timer rule does with the slots it missed. */
export const MisfirePolicySchema = z.strictObject({
  policy: z.enum(MISFIRE_POLICIES),
  /** catch_up only: at most this many missed slots are run (default 10). */
  max_catch_up: z.number().int().min(1).max(1000),
  /** Seconds: slots older than this are never run, only recorded as `outside_window` (default 24 h). */
  misfire_window: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400),
});
export type MisfirePolicy = z.infer<typeof MisfirePolicySchema>;

export const DEFAULT_MISFIRE: MisfirePolicy = {
  policy: 'coalesce',
  max_catch_up: 10,
  misfire_window: 86_400,
};

/** `null` or `{}` means "always"; otherwise one expression in Attune's language. */
export const ConditionsSchema = z.strictObject({ expression: z.string() }).nullable();
export type Conditions = z.infer<typeof ConditionsSchema>;

/** An installed pack: the unit that owns triggers, actions and rules. */
export const PackSchema = z.object({
  ...NAMED,
  version: z.string(),
  author: z.string().nullable(),
  conf_schema: ParamSchemaSchema,
  /** Non-secret config values; secret ones live in the key store. */
  config: JsonObjectSchema,
  dependencies: z.array(z.string()),
  tags: z.array(z.string()),
  /** Folder the pack's files were installed to, or null for the user pack. */
  path: z.string().nullable(),
  system: z.boolean(),
  ...STAMPS,
});
export type Pack = z.infer<typeof PackSchema>;

/** The limits and signature rule of a trigger's webhook. */
export const WebhookConfigSchema = z.object({
  /** Name of the key-store entry holding the HMAC secret; null = no signature required. */
  hmac_secret_ref: z.string().nullable(),
  max_body_bytes: z.number(),
  /** Requests per minute per trigger; 0 = unlimited. */
  rate_limit_per_minute: z.number(),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

/**
 * Webhook settings a trigger gets when nobody chose others (docs/api.md, "Webhooks"). Kept small:
 * whoever holds the key may store this much, every minute, until retention exists
 * (docs/security.md, "Webhooks").
 */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  hmac_secret_ref: null,
  max_body_bytes: 262_144,
  rate_limit_per_minute: 60,
};

/** A kind of event; with its webhook enabled, also an HTTP door to send one. */
export const TriggerSchema = z.object({
  ...PACK_OWNED,
  param_schema: ParamSchemaSchema,
  out_schema: ParamSchemaSchema,
  enabled: z.boolean(),
  webhook_enabled: z.boolean(),
  webhook_key: z.string().nullable(),
  webhook_config: WebhookConfigSchema,
  ...STAMPS,
});
export type Trigger = z.infer<typeof TriggerSchema>;

/**
 * A sensor as stored (docs/sensors.md): built in (`internal://timer`) or a pack's long-running
 * process. Its live state is not stored; core/contract/sensors.ts adds it on the wire.
 */
export const SensorEntitySchema = z.object({
  ...PACK_OWNED,
  /** `internal://<name>` for built-in sensors, else a file under the pack's sensors/ folder. */
  entrypoint: z.string(),
  /** The runner that starts it: python, node, shell, native; `internal` for built-ins. */
  runner_type: z.string(),
  trigger_types: z.array(z.string()),
  enabled: z.boolean(),
  config: JsonObjectSchema,
  param_schema: ParamSchemaSchema,
  ...STAMPS,
});
export type SensorEntity = z.infer<typeof SensorEntitySchema>;

/** Something to run: a script, an HTTP request or a builtin, with its parameters. */
export const ActionSchema = z.object({
  ...PACK_OWNED,
  runner_type: z.enum(RUNNER_TYPES),
  /** A file in the pack's actions/ folder, an inline script, or a builtin's name. */
  entry_point: z.string(),
  parameters: ParamSchemaSchema,
  output: ParamSchemaSchema,
  parameter_delivery: z.enum(['stdin', 'file']),
  parameter_format: z.enum(['json', 'dotenv', 'yaml']),
  output_format: z.enum(['text', 'json', 'yaml', 'jsonl']),
  timeout_seconds: z.number(),
  retry: RetryPolicySchema.nullable(),
  enabled: z.boolean(),
  ...STAMPS,
});
export type Action = z.infer<typeof ActionSchema>;

/** When an event of `trigger_ref` matches `conditions`, run `action_ref` with `action_params`. */
export const RuleSchema = z.object({
  ...PACK_OWNED,
  trigger_ref: z.string(),
  trigger_params: JsonObjectSchema,
  conditions: ConditionsSchema,
  action_ref: z.string(),
  action_params: JsonObjectSchema,
  enabled: z.boolean(),
  overlap: z.enum(OVERLAP_POLICIES),
  retry: RetryPolicySchema.nullable(),
  /** Timer rules only; null = the default (coalesce, 10, 24 h). */
  misfire: MisfirePolicySchema.nullable(),
  ...STAMPS,
});
export type Rule = z.infer<typeof RuleSchema>;

/** One rule's decision on one event: the answer to "why did it (not) fire". */
export const EvaluationSchema = z.object({
  rule_ref: z.string(),
  outcome: z.enum(EVALUATION_OUTCOMES),
  /**
   * The expression for condition_false, the message for error, the execution still active for
   * overlap_skipped, the last attempt for retry_exhausted; null otherwise.
   */
  detail: z.string().nullable(),
  enforcement_id: z.number().nullable(),
  /**
   * For condition_false and error: the smallest failing parts with their values
   * (docs/explain.md); null for the other outcomes and for errors no expression explains. The
   * store always returns it; a value built elsewhere (a test, a draft) may leave it out.
   */
  explanation: ExplanationSchema.nullable().optional(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** Something that happened (`event`), or a timer slot that did not run (`missed`). */
export const EventSchema = z.object({
  id: z.number(),
  kind: z.enum(EVENT_KINDS),
  trigger_ref: z.string(),
  payload: JsonObjectSchema,
  /** Ingress metadata (webhook headers, remote address, ...). */
  config: JsonObjectSchema.nullable(),
  source_ref: z.string().nullable(),
  rule_ref: z.string().nullable(),
  trace_tag: z.string(),
  created: Timestamp,
  /** Present on single-event reads. */
  evaluations: z.array(EvaluationSchema).optional(),
});
export type AttuneEvent = z.infer<typeof EventSchema>;

/** A rule's match on an event, which leads to its executions. */
export const EnforcementSchema = z.object({
  id: z.number(),
  rule_ref: z.string(),
  event_id: z.number(),
  trigger_ref: z.string(),
  /** Rendered action params, secrets redacted. */
  config: JsonObjectSchema,
  status: z.enum(ENFORCEMENT_STATUSES),
  created: Timestamp,
  resolved_at: Timestamp.nullable(),
});
export type Enforcement = z.infer<typeof EnforcementSchema>;

/** What a finished run produced: exit code, output (bounded), parsed data, error. */
export const ExecutionResultSchema = z.object({
  exit_code: z.number().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  duration_ms: z.number(),
  data: z.unknown(),
  error: z.string().nullable(),
  stdout_truncated: z.boolean(),
  stderr_truncated: z.boolean(),
});
export type ExecutionResult = z.infer<typeof ExecutionResultSchema>;

/** One run of an action, moved along the status machine (core/model/status.ts). */
export const ExecutionSchema = z.object({
  id: z.number(),
  action_ref: z.string(),
  config: JsonObjectSchema,
  enforcement_id: z.number().nullable(),
  parent_id: z.number().nullable(),
  rule_ref: z.string().nullable(),
  status: z.enum(EXECUTION_STATUSES),
  result: ExecutionResultSchema.nullable(),
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
  timeout_seconds: z.number(),
  retry_count: z.number(),
  trace_tag: z.string(),
  ...STAMPS,
});
export type Execution = z.infer<typeof ExecutionSchema>;

/** One request to a webhook URL, accepted or refused, kept for the trigger's log. */
export const WebhookAttemptSchema = z.object({
  id: z.number(),
  trigger_ref: z.string().nullable(),
  webhook_key: z.string(),
  status_code: z.number(),
  error: z.string().nullable(),
  event_id: z.number().nullable(),
  remote_address: z.string().nullable(),
  body_bytes: z.number(),
  created: Timestamp,
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;
