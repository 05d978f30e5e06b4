/**
 * Every channel, declared once (Signal's declare-once contract): its input schema, validated in
 * the process that receives it, and its output schema. Client and handler types are mapped from
 * this table; the REST routes in core/host map onto the same channels.
 */
import { z } from 'zod';
import { EVENT_KINDS, MISFIRE_POLICIES, OVERLAP_POLICIES } from '../model/entities.ts';
import { EVENT_OUTCOME_FILTERS, EXECUTION_STATUSES } from '../model/status.ts';
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
  ParamSchemaSchema,
  RetryPolicySchema,
  RuleViewSchema,
  TriggerSchema,
  WebhookAttemptSchema,
  WebhookConfigSchema,
} from './entities.ts';
import {
  PackExportInput,
  PackExportResultSchema,
  PackImportInput,
  PackReportSchema,
  PackValidateInput,
} from './packs.ts';
import { SchedulePreviewInput, SchedulePreviewSchema } from './schedule.ts';
import { ActivityInput, ActivitySchema } from './stats.ts';

const Ref = z.string().min(1).max(255);
const Id = decimalInt(1);
const Paging = {
  page: decimalInt(1).default(1),
  page_size: decimalInt(1, 100).default(50),
};
const Empty = z.strictObject({});
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
  ...z.object(RuleFields).partial().shape,
});
export type RuleCreate = z.infer<typeof RuleCreateInput>;

export const RulePatchInput = z.strictObject({
  label: RuleFields.label.optional(),
  description: RuleFields.description.optional(),
  trigger_ref: Ref.optional(),
  trigger_params: RuleFields.trigger_params.optional(),
  conditions: RuleFields.conditions.optional(),
  action_ref: Ref.optional(),
  action_params: RuleFields.action_params.optional(),
  enabled: RuleFields.enabled.optional(),
  overlap: RuleFields.overlap.optional(),
  retry: RuleFields.retry.optional(),
  misfire: RuleFields.misfire.optional(),
});
export type RulePatch = z.infer<typeof RulePatchInput>;

export const TriggerCreateInput = z.strictObject({
  ref: Ref,
  label: z.string().max(255).optional(),
  description: z.string().max(10_000).optional(),
  param_schema: ParamSchemaSchema.optional(),
  out_schema: ParamSchemaSchema.optional(),
});

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
    input: z.strictObject({ pack_ref: Ref.optional(), ...Paging }),
    output: listOf(TriggerSchema),
  },
  'triggers.get': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },
  'triggers.create': { input: TriggerCreateInput, output: TriggerSchema },
  'triggers.enableWebhook': {
    input: WebhookEnableInput,
    output: z.object({ webhook_key: z.string(), url: z.string() }),
  },
  'triggers.disableWebhook': { input: z.strictObject({ ref: Ref }), output: TriggerSchema },

  'actions.list': {
    input: z.strictObject({ pack_ref: Ref.optional(), ...Paging }),
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

  'events.list': {
    input: z.strictObject({
      trigger_ref: Ref.optional(),
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
    input: z.strictObject({ rule_ref: Ref.optional(), event: Id.optional(), ...Paging }),
    output: listOf(EnforcementSchema),
  },
  'enforcements.get': { input: z.strictObject({ id: Id }), output: EnforcementSchema },

  'executions.list': {
    input: z.strictObject({
      status: z.enum(EXECUTION_STATUSES).optional(),
      action_ref: Ref.optional(),
      rule_ref: Ref.optional(),
      enforcement: Id.optional(),
      ...Paging,
    }),
    output: listOf(ExecutionSchema),
  },
  'executions.get': { input: z.strictObject({ id: Id }), output: ExecutionSchema },
  'executions.execute': {
    input: z.strictObject({ action_ref: Ref, parameters: JsonObjectSchema.default({}) }),
    output: ExecutionSchema,
  },
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
