/**
 * Entity schemas as they cross the boundary (REST, WebSocket, IPC). Each one `satisfies` the
 * model's interface, so the contract and the engine cannot drift apart.
 */
import { z } from 'zod';
import type {
  Action,
  AttuneEvent,
  Enforcement,
  Evaluation,
  Execution,
  ExecutionResult,
  MisfirePolicy,
  Pack,
  RetryPolicy,
  Rule,
  Trigger,
  WebhookAttempt,
} from '../model/entities.ts';
import { MISFIRE_POLICIES, OVERLAP_POLICIES, RUNNER_TYPES } from '../model/entities.ts';
import type { ParamSchema, ParamSpec } from '../model/param-schema.ts';
import { PARAM_TYPES } from '../model/param-schema.ts';
import { ENFORCEMENT_STATUSES, EVALUATION_OUTCOMES, EXECUTION_STATUSES } from '../model/status.ts';

export const JsonObjectSchema = z.record(z.string(), z.unknown());

const ParamSpecSchema: z.ZodType<ParamSpec> = z.lazy(() =>
  z.object({
    type: z.enum(PARAM_TYPES).optional(),
    description: z.string().optional(),
    default: z.unknown().optional(),
    required: z.boolean().optional(),
    secret: z.boolean().optional(),
    shell: z.boolean().optional(),
    enum: z.array(z.unknown()).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    items: ParamSpecSchema.optional(),
  }),
);
export const ParamSchemaSchema = z.record(z.string(), ParamSpecSchema) satisfies z.ZodType<ParamSchema>;

export const RetryPolicySchema = z.strictObject({
  count: z.number().int().min(0).max(100),
  delay: z.number().min(0).max(86_400),
  backoff: z.enum(['constant', 'exponential']),
  max_delay: z.number().min(0).max(86_400).optional(),
}) satisfies z.ZodType<RetryPolicy>;

export const MisfirePolicySchema = z.strictObject({
  policy: z.enum(MISFIRE_POLICIES),
  max_catch_up: z.number().int().min(1).max(1000),
  misfire_window: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400),
}) satisfies z.ZodType<MisfirePolicy>;

export const ConditionsSchema = z.strictObject({ expression: z.string() }).nullable();

const Timestamp = z.string();

export const PackSchema = z.object({
  ref: z.string(),
  label: z.string(),
  description: z.string(),
  version: z.string(),
  author: z.string().nullable(),
  conf_schema: ParamSchemaSchema,
  config: JsonObjectSchema,
  dependencies: z.array(z.string()),
  tags: z.array(z.string()),
  path: z.string().nullable(),
  system: z.boolean(),
  created: Timestamp,
  updated: Timestamp,
}) satisfies z.ZodType<Pack>;

export const TriggerSchema = z.object({
  ref: z.string(),
  pack_ref: z.string(),
  label: z.string(),
  description: z.string(),
  param_schema: ParamSchemaSchema,
  out_schema: ParamSchemaSchema,
  enabled: z.boolean(),
  webhook_enabled: z.boolean(),
  webhook_key: z.string().nullable(),
  webhook_config: z.object({
    hmac_secret_ref: z.string().nullable(),
    max_body_bytes: z.number(),
    rate_limit_per_minute: z.number(),
  }),
  created: Timestamp,
  updated: Timestamp,
}) satisfies z.ZodType<Trigger>;

export const ActionSchema = z.object({
  ref: z.string(),
  pack_ref: z.string(),
  label: z.string(),
  description: z.string(),
  runner_type: z.enum(RUNNER_TYPES),
  entry_point: z.string(),
  parameters: ParamSchemaSchema,
  output: ParamSchemaSchema,
  parameter_delivery: z.enum(['stdin', 'file']),
  parameter_format: z.enum(['json', 'dotenv', 'yaml']),
  output_format: z.enum(['text', 'json', 'yaml', 'jsonl']),
  timeout_seconds: z.number(),
  retry: RetryPolicySchema.nullable(),
  enabled: z.boolean(),
  created: Timestamp,
  updated: Timestamp,
}) satisfies z.ZodType<Action>;

export const RuleSchema = z.object({
  ref: z.string(),
  pack_ref: z.string(),
  label: z.string(),
  description: z.string(),
  trigger_ref: z.string(),
  trigger_params: JsonObjectSchema,
  conditions: ConditionsSchema,
  action_ref: z.string(),
  action_params: JsonObjectSchema,
  enabled: z.boolean(),
  overlap: z.enum(OVERLAP_POLICIES),
  retry: RetryPolicySchema.nullable(),
  misfire: MisfirePolicySchema.nullable(),
  created: Timestamp,
  updated: Timestamp,
}) satisfies z.ZodType<Rule>;

/** A rule as the API shows it: timer rules add their next and last fire instants. */
export const RuleViewSchema = RuleSchema.extend({
  next_fire_at: z.string().nullable().optional(),
  last_fired_at: z.string().nullable().optional(),
});
export type RuleView = z.infer<typeof RuleViewSchema>;

export const EvaluationSchema = z.object({
  rule_ref: z.string(),
  outcome: z.enum(EVALUATION_OUTCOMES),
  detail: z.string().nullable(),
  enforcement_id: z.number().nullable(),
}) satisfies z.ZodType<Evaluation>;

export const EventSchema = z.object({
  id: z.number(),
  kind: z.enum(['event', 'missed']),
  trigger_ref: z.string(),
  payload: JsonObjectSchema,
  config: JsonObjectSchema.nullable(),
  source_ref: z.string().nullable(),
  rule_ref: z.string().nullable(),
  trace_tag: z.string(),
  created: Timestamp,
  evaluations: z.array(EvaluationSchema).optional(),
}) satisfies z.ZodType<AttuneEvent>;

export const EnforcementSchema = z.object({
  id: z.number(),
  rule_ref: z.string(),
  event_id: z.number(),
  trigger_ref: z.string(),
  config: JsonObjectSchema,
  status: z.enum(ENFORCEMENT_STATUSES),
  created: Timestamp,
  resolved_at: Timestamp.nullable(),
}) satisfies z.ZodType<Enforcement>;

export const ExecutionResultSchema = z.object({
  exit_code: z.number().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  duration_ms: z.number(),
  data: z.unknown(),
  error: z.string().nullable(),
  stdout_truncated: z.boolean(),
  stderr_truncated: z.boolean(),
}) satisfies z.ZodType<ExecutionResult>;

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
  created: Timestamp,
  updated: Timestamp,
}) satisfies z.ZodType<Execution>;

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
}) satisfies z.ZodType<WebhookAttempt>;

/**
 * Attune's list envelope, plus `total_is_lower_bound`: large or combined event and execution
 * lists stop counting (docs/performance.md), and then `total_items` means "at least" — a UI shows
 * it as "10,000+". Attune's clients ignore the extra key.
 */
export const PaginationSchema = z.object({
  page: z.number(),
  page_size: z.number(),
  total_items: z.number(),
  total_pages: z.number(),
  has_previous: z.boolean(),
  has_next: z.boolean(),
  total_is_lower_bound: z.boolean(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), pagination: PaginationSchema });
}

/** The entity types, for faces that may import only the contract. */
export type {
  Action,
  AttuneEvent,
  Enforcement,
  Evaluation,
  Execution,
  ExecutionResult,
  Pack,
  Rule,
  Trigger,
} from '../model/entities.ts';
