/**
 * Every channel, declared once (Signal's declare-once contract): its input schema, validated in
 * the process that receives it, and its output schema. Client and handler types are mapped from
 * this table; the REST routes in core/host map onto the same channels.
 */
import { z } from 'zod';
import { EVENT_KINDS, MISFIRE_POLICIES, OVERLAP_POLICIES } from '../model/entities.ts';
import { ENFORCEMENT_STATUSES, EVENT_OUTCOME_FILTERS, EXECUTION_STATUSES } from '../model/status.ts';
import { ALERT_CHANNELS, TimerPauseSchema } from './alerts.ts';
import { decimalInt } from './decimal.ts';
import {
  ActionSchema,
  EnforcementSchema,
  EvaluationSchema,
  EventSchema,
  ExecutionSchema,
  JsonObjectSchema,
  listOf,
  MisfirePolicySchema,
  PackSchema,
  RetryPolicySchema,
  RuleViewSchema,
  TriggerSchema,
  WebhookAttemptSchema,
  WebhookConfigSchema,
} from './entities.ts';
import {
  KeyCreateInput,
  KeyDeletedSchema,
  KeyDeleteInput,
  KeyGetInput,
  KeyListInput,
  KeyListSchema,
  KeySchema,
  KeyUpdateInput,
} from './keys.ts';
import {
  PackExportInput,
  PackExportResultSchema,
  PackImportInput,
  PackReportSchema,
  PackValidateInput,
} from './packs.ts';
import { ReplayResultSchema } from './replay.ts';
import {
  RetentionConfigPatch,
  RetentionConfigSchema,
  RetentionRunSchema,
  RetentionStatusSchema,
} from './retention.ts';
import { SchedulePreviewInput, SchedulePreviewSchema } from './schedule.ts';
import { SENSOR_CHANNELS } from './sensors.ts';
import { ActivityInput, ActivitySchema } from './stats.ts';

const Ref = z.string().min(1).max(255);
const Id = decimalInt(1);
const Paging = {
  page: decimalInt(1).default(1),
  page_size: decimalInt(1, 100).default(50),
};
const Empty = z.strictObject({});
/** A boolean, or its spelling in a query string. */
const BoolInput = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const Deleted = z.object({ ref: z.string(), deleted: z.literal(true) });

/** `misfire` accepts the policy name alone as shorthand: `misfire: skip`. */
const MisfireInput = z.union([
  z.enum(MISFIRE_POLICIES),
  MisfirePolicySchema.partial().extend({ policy: z.enum(MISFIRE_POLICIES) }),
]);

const RuleFields = {
  label: z.string().max(255),
  description: z.string().max(10_000),
  trigger_params: JsonObjectSchema,
  // `{}` and null both mean "always" (docs/expressions.md, "The language"); the handler normalises.
  conditions: z.union([z.strictObject({ expression: z.string().max(10_000) }), z.strictObject({}), z.null()]),
  action_params: JsonObjectSchema,
  enabled: z.boolean(),
  overlap: z.enum(OVERLAP_POLICIES),
  retry: RetryPolicySchema.nullable(),
  misfire: MisfireInput.nullable(),
};

/** A new rule: its three refs, then every other field optional (the service fills defaults). */
export const RuleCreateInput = z.strictObject({
  ref: Ref,
  trigger_ref: Ref,
  action_ref: Ref,
  /** Attune's: the pack of an unqualified `ref`; must agree with a qualified one. */
  pack_ref: Ref.nullable().optional(),
  /** Attune's per-rule permission sets: accepted and ignored (one local user). */
  permission_set_refs: z.array(Ref).max(1000).nullable().optional(),
  ...z.object(RuleFields).partial().shape,
  /** Attune sends null for no description. */
  description: RuleFields.description.nullable().optional(),
});
export type RuleCreate = z.infer<typeof RuleCreateInput>;

export const RulePatchInput = z.strictObject({
  label: RuleFields.label.optional(),
  /** null leaves it as it is (Attune's update semantics). */
  description: RuleFields.description.nullable().optional(),
  trigger_ref: Ref.optional(),
  trigger_params: RuleFields.trigger_params.optional(),
  conditions: RuleFields.conditions.optional(),
  action_ref: Ref.optional(),
  action_params: RuleFields.action_params.optional(),
  enabled: RuleFields.enabled.optional(),
  overlap: RuleFields.overlap.optional(),
  retry: RuleFields.retry.optional(),
  misfire: RuleFields.misfire.optional(),
  /** Attune's per-rule permission sets: accepted and ignored (one local user). */
  permission_set_refs: z.array(Ref).max(1000).nullable().optional(),
});
export type RulePatch = z.infer<typeof RulePatchInput>;

/**
 * A draft of a rule to replay (docs/explain.md, "Replay"): a create input's fields, each
 * optional. Given fields replace the stored rule's; with no stored rule the draft is a whole new
 * rule (`trigger_ref` and `action_ref` required, `ref` defaulting to the route's).
 */
export const RuleDraftInput = RulePatchInput.extend({ ref: Ref.optional() });
export type RuleReplayDraft = z.infer<typeof RuleDraftInput>;

/**
 * Attune's reference-visibility fields: accepted on create and update, and ignored — one user
 * on one machine sees every pack (docs/attune-compat.md, "Accepted and ignored").
 */
const VISIBILITY = {
  reference_visibility: z.enum(['public', 'private', 'restricted']).nullable().optional(),
  reference_allowed_pack_refs: z.array(Ref).max(1000).nullable().optional(),
};

/**
 * A schema as a flat parameter map or a JSON Schema object (Attune's clients send the latter);
 * the service normalises it and names the field it cannot read. null = none.
 */
const SchemaInput = JsonObjectSchema.nullable();

export const TriggerCreateInput = z.strictObject({
  ref: Ref,
  /** Attune's: the pack of an unqualified `ref`; must agree with a qualified one. */
  pack_ref: Ref.nullable().optional(),
  label: z.string().max(255).optional(),
  description: z.string().max(10_000).nullable().optional(),
  param_schema: SchemaInput.optional(),
  out_schema: SchemaInput.optional(),
  enabled: z.boolean().optional(),
  ...VISIBILITY,
});

/** Attune's text patch: `{op: "set", value}` or `{op: "clear"}`; a plain string sets. */
const TextPatch = z.union([
  z.string().max(10_000),
  z.strictObject({ op: z.literal('set'), value: z.string().max(10_000) }),
  z.strictObject({ op: z.literal('clear') }),
]);

/** Attune's trigger update: absent or null leaves a field as it is. */
export const TriggerPatchInput = z.strictObject({
  label: z.string().max(255).nullable().optional(),
  description: TextPatch.nullable().optional(),
  param_schema: SchemaInput.optional(),
  out_schema: SchemaInput.optional(),
  enabled: z.boolean().nullable().optional(),
  ...VISIBILITY,
});
export type TriggerPatch = z.infer<typeof TriggerPatchInput>;

/**
 * Attune's action update: absent or null leaves a field. The worker, runtime, retention and
 * permission fields are accepted and ignored (docs/attune-compat.md, "Requests").
 */
const Timeout = z
  .number()
  .int()
  .min(1)
  .max(7 * 86_400);

export const ActionPatchInput = z.strictObject({
  label: z.string().min(1).max(255).nullable().optional(),
  description: z.string().max(10_000).nullable().optional(),
  entrypoint: z.string().max(1_000_000).nullable().optional(),
  param_schema: SchemaInput.optional(),
  out_schema: SchemaInput.optional(),
  /** A number, or Attune's patch `{op: "set", value}` / `{op: "clear"}` (back to 600 s). */
  timeout_seconds: z
    .union([
      Timeout,
      z.strictObject({ op: z.literal('set'), value: Timeout }),
      z.strictObject({ op: z.literal('clear') }),
    ])
    .nullable()
    .optional(),
  enabled: z.boolean().nullable().optional(),
  ...VISIBILITY,
  accesses_mcp: z.boolean().nullable().optional(),
  artifact_retention_limit: z.unknown().optional(),
  artifact_retention_policy: z.unknown().optional(),
  log_retention_limit: z.unknown().optional(),
  log_retention_policy: z.unknown().optional(),
  default_execution_permission_set_refs: z.array(Ref).max(1000).nullable().optional(),
  required_worker_runtimes: z.unknown().optional(),
  runtime: z.number().int().nullable().optional(),
  runtime_ref: z.string().max(255).nullable().optional(),
  runtime_version_constraint: z.unknown().optional(),
  worker_affinity: z.unknown().optional(),
  worker_selector: z.unknown().optional(),
  worker_tolerations: z.unknown().optional(),
});
export type ActionPatch = z.infer<typeof ActionPatchInput>;

export const WebhookEnableInput = z.strictObject({
  ref: Ref,
  /** HMAC-SHA256 secret; stored encrypted in the key store, never returned. */
  hmac_secret: z.string().min(16).max(1024).nullable().optional(),
  max_body_bytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1_048_576)
    .optional(),
  rate_limit_per_minute: z.number().int().min(0).max(1_000_000).optional(),
});

export const RuleTestResultSchema = z.object({
  evaluation: EvaluationSchema,
  /** Rendered action params when the rule matched (secrets redacted). */
  action_params: JsonObjectSchema.nullable(),
});

/** What firing a rule by hand produced: its event, the decision, and the executions started. */
export const RuleRunResultSchema = z.object({
  event_id: z.number(),
  trace_tag: z.string(),
  created: z.string(),
  evaluations: z.array(EvaluationSchema),
  execution_ids: z.array(z.number()),
});

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  /** Attune's: the database answered ("connected"). */
  database: z.string(),
  uptime_seconds: z.number(),
  data_dir: z.string().optional(),
});

/** The running engine as the Settings view shows it (behind the token, unlike health). */
export const EngineInfoSchema = z.object({
  version: z.string(),
  data_dir: z.string(),
  default_timezone: z.string(),
  /** Base URL of the local HTTP API, or null when no listener runs (the desktop app alone). */
  api_url: z.string().nullable(),
  started_at: z.string(),
  /** The webhook limits a trigger gets when nobody chose others (docs/api.md, "Webhooks"). */
  webhook_defaults: WebhookConfigSchema,
  /** Whether every timer is paused (docs/timers.md, "Pausing all timers"), and since when. */
  timers: TimerPauseSchema,
});

/**
 * A manual run, as Attune's CreateExecutionRequest has it. `env_vars` reach the action's process
 * environment (names the runner reserves are refused); `timeout_seconds` replaces the action's
 * for this run; the worker, retention and permission fields are accepted and ignored — one
 * machine, one user (docs/attune-compat.md).
 */
export const ExecuteInput = z.strictObject({
  action_ref: Ref,
  parameters: JsonObjectSchema.default({}),
  env_vars: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be a shell variable name'),
      // A process environment cannot hold NUL: refused here rather than failing the run.
      z
        .string()
        .max(32_768)
        .refine((v) => !v.includes('\u0000'), 'must not contain a NUL character'),
    )
    .refine((v) => Object.keys(v).length <= 100, 'at most 100 variables')
    .nullable()
    .optional(),
  timeout_seconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .nullable()
    .optional(),
  permission_set_refs: z.array(Ref).max(1000).nullable().optional(),
  artifact_retention_limit: z.number().int().nullable().optional(),
  artifact_retention_policy: z.string().max(64).nullable().optional(),
  worker_affinity: JsonObjectSchema.nullable().optional(),
  worker_selector: JsonObjectSchema.nullable().optional(),
  worker_tolerations: z.array(JsonObjectSchema).max(100).nullable().optional(),
});

export const channels = {
  'health.get': { input: Empty, output: HealthSchema },
  'engine.get': { input: Empty, output: EngineInfoSchema },

  'packs.list': { input: z.strictObject({ ...Paging }), output: listOf(PackSchema) },
  'packs.get': { input: z.strictObject({ ref: Ref }), output: PackSchema },
  'packs.import': { input: PackImportInput, output: PackReportSchema },
  'packs.validate': { input: PackValidateInput, output: PackReportSchema },
  'packs.reload': { input: z.strictObject({ ref: Ref }), output: PackReportSchema },
  'packs.delete': { input: z.strictObject({ ref: Ref }), output: Deleted },
  'packs.export': { input: PackExportInput, output: PackExportResultSchema },

  'triggers.list': {
    input: z.strictObject({
      pack_ref: Ref.optional(),
      enabled: BoolInput.optional(),
      /** Attune's visibility filter: accepted and ignored (docs/attune-compat.md). */
      referencing_pack_ref: Ref.optional(),
      ...Paging,
    }),
    output: listOf(TriggerSchema),
  },
  'triggers.get': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },
  'triggers.create': { input: TriggerCreateInput, output: TriggerSchema },
  /** The trigger (Attune's answer) with its key and the webhook's full URL. */
  'triggers.enableWebhook': {
    input: WebhookEnableInput,
    output: TriggerSchema.extend({ webhook_key: z.string(), url: z.string() }),
  },
  'triggers.disableWebhook': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },

  'actions.list': {
    input: z.strictObject({
      pack_ref: Ref.optional(),
      /** Attune's visibility and permission filters: accepted and ignored (one local user). */
      referencing_pack_ref: Ref.optional(),
      executable_with_current_access: BoolInput.optional(),
      ...Paging,
    }),
    output: listOf(ActionSchema),
  },
  'actions.get': { input: z.strictObject({ ref: Ref }), output: ActionSchema },

  'rules.list': {
    input: z.strictObject({
      pack_ref: Ref.optional(),
      trigger_ref: Ref.optional(),
      action_ref: Ref.optional(),
      enabled: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
      ...Paging,
    }),
    output: listOf(RuleViewSchema),
  },
  'rules.get': { input: z.strictObject({ ref: Ref }), output: RuleViewSchema },
  'rules.create': { input: RuleCreateInput, output: RuleViewSchema },
  'rules.update': { input: z.strictObject({ ref: Ref, patch: RulePatchInput }), output: RuleViewSchema },
  'rules.delete': { input: z.strictObject({ ref: Ref }), output: Deleted },
  'rules.test': {
    input: z.strictObject({ ref: Ref, payload: JsonObjectSchema.default({}) }),
    output: RuleTestResultSchema,
  },
  /** `rules.test` for a rule not saved yet (the builder's "Try it"): validated as at save. */
  'rules.try': {
    input: z.strictObject({ rule: RuleCreateInput, payload: JsonObjectSchema.default({}) }),
    output: RuleTestResultSchema,
  },
  /** Fires the rule now with `payload`: an event addressed to it alone, recorded like any other. */
  'rules.run': {
    input: z.strictObject({ ref: Ref, payload: JsonObjectSchema.default({}) }),
    output: RuleRunResultSchema,
  },

  /** A stored event decided again against the rule or a draft of it: nothing runs, nothing is stored. */
  'rules.replay': {
    input: z.strictObject({ ref: Ref, event_id: Id, rule: RuleDraftInput.optional() }),
    output: ReplayResultSchema,
  },

  'events.list': {
    input: z.strictObject({
      trigger_ref: Ref.optional(),
      /** Attune's: the trigger by id. */
      trigger: Id.optional(),
      /** Attune's: the sensor that sent the event, by id (docs/attune-compat.md). */
      source: Id.optional(),
      include_total: BoolInput.optional(),
      rule_ref: Ref.optional(),
      kind: z.enum(EVENT_KINDS).optional(),
      /** One outcome, or `not_fired`: every outcome but matched, and missed timer slots. */
      outcome: z.enum(EVENT_OUTCOME_FILTERS).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      /** Words the payload must contain; `word*` matches a prefix (core/store/event-search.ts). */
      q: z.string().trim().min(1).max(200).optional(),
      /** Cursor: only events with a smaller id (the last id of the page before: the next page). */
      before: Id.optional(),
      /** Cursor: only events with a larger id (what arrived since the page's newest). */
      after: decimalInt(0).optional(),
      ...Paging,
    }),
    output: listOf(EventSchema),
  },
  'events.get': { input: z.strictObject({ id: Id }), output: EventSchema },

  'enforcements.list': {
    input: z.strictObject({
      rule_ref: Ref.optional(),
      event: Id.optional(),
      // Attune's further filters: the rule by id, status, trigger; include_total is always so here.
      rule: Id.optional(),
      status: z.enum(ENFORCEMENT_STATUSES).optional(),
      trigger_ref: Ref.optional(),
      include_total: BoolInput.optional(),
      ...Paging,
    }),
    output: listOf(EnforcementSchema),
  },
  'enforcements.get': { input: z.strictObject({ id: Id }), output: EnforcementSchema },

  'executions.list': {
    input: z.strictObject({
      status: z.enum(EXECUTION_STATUSES).optional(),
      action_ref: Ref.optional(),
      rule_ref: Ref.optional(),
      enforcement: Id.optional(),
      // Attune's further filters (docs/attune-compat.md, "Executions").
      pack_name: Ref.optional(),
      trigger_ref: Ref.optional(),
      parent: Id.optional(),
      top_level_only: BoolInput.optional(),
      result_contains: z.string().min(1).max(200).optional(),
      /** Attune's worker filter: no workers here, so accepted and ignored. */
      executor: Id.optional(),
      /** Attune's: totals are always counted here (bounded, docs/performance.md). */
      include_total: BoolInput.optional(),
      ...Paging,
    }),
    output: listOf(ExecutionSchema),
  },
  'executions.get': { input: z.strictObject({ id: Id }), output: ExecutionSchema },
  'executions.execute': { input: ExecuteInput, output: ExecutionSchema },
  'executions.cancel': { input: z.strictObject({ id: Id }), output: ExecutionSchema },

  'webhooks.attempts': {
    input: z.strictObject({
      trigger_ref: Ref.optional(),
      limit: decimalInt(1, 1000).default(100),
    }),
    output: z.object({ items: z.array(WebhookAttemptSchema) }),
  },

  'schedule.preview': { input: SchedulePreviewInput, output: SchedulePreviewSchema },

  'stats.activity': { input: ActivityInput, output: ActivitySchema },

  // Sensors and event emission (core/contract/sensors.ts).
  ...SENSOR_CHANNELS,
  // Attune's lifecycle routes (docs/attune-compat.md): enable/disable, update, a new webhook key.
  'actions.update': { input: z.strictObject({ ref: Ref, patch: ActionPatchInput }), output: ActionSchema },
  'rules.enable': { input: z.strictObject({ ref: Ref }), output: RuleViewSchema },
  'rules.disable': { input: z.strictObject({ ref: Ref }), output: RuleViewSchema },
  'triggers.enable': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },
  'triggers.disable': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },
  'triggers.update': { input: z.strictObject({ ref: Ref, patch: TriggerPatchInput }), output: TriggerSchema },
  /** A new key for an enabled webhook: the old URL stops working. */
  'triggers.regenerateWebhook': {
    input: z.strictObject({ ref: Ref }),
    output: TriggerSchema.extend({ webhook_key: z.string(), url: z.string() }),
  },
  // The key/value store (docs/concepts.md, "Keys and secrets").
  'keys.list': { input: KeyListInput, output: KeyListSchema },
  'keys.get': { input: KeyGetInput, output: KeySchema },
  'keys.create': { input: KeyCreateInput, output: KeySchema },
  'keys.update': { input: KeyUpdateInput, output: KeySchema },
  'keys.delete': { input: KeyDeleteInput, output: KeyDeletedSchema },
  // Retention (docs/retention.md): Attune's config route, plus what the settings page shows.
  'retention.get': { input: Empty, output: RetentionConfigSchema },
  'retention.set': { input: RetentionConfigPatch, output: RetentionConfigSchema },
  'retention.status': { input: Empty, output: RetentionStatusSchema },
  /** Starts a pass now (or joins the one under way); `retention.status` says when it is done. */
  'retention.run': { input: Empty, output: RetentionRunSchema },
  // Alerts, re-run and the timer pause (core/contract/alerts.ts).
  ...ALERT_CHANNELS,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a caller sends (defaults may be omitted). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives after validation. */
export type ChannelArgs<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
