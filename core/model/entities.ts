/**
 * Entity shapes as the store returns them and the API serves them (docs/concepts.md, "The chain"). Timestamps are
 * ISO 8601 strings in UTC with milliseconds; ids are integers.
 */
import type { ParamSchema } from './param-schema.ts';
import type { EnforcementStatus, EvaluationOutcome, ExecutionStatus } from './status.ts';

export type JsonObject = Record<string, unknown>;

export const RUNNER_TYPES = ['shell', 'node', 'python', 'native', 'http', 'builtin'] as const;
export type RunnerType = (typeof RUNNER_TYPES)[number];

export const OVERLAP_POLICIES = ['parallel', 'single', 'queue', 'restart'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const MISFIRE_POLICIES = ['skip', 'coalesce', 'catch_up'] as const;
export type MisfirePolicyName = (typeof MISFIRE_POLICIES)[number];

export interface RetryPolicy {
  /** Retries after the first attempt (0 = none). */
  count: number;
  /** Seconds before the first retry. */
  delay: number;
  backoff: 'constant' | 'exponential';
  /** Upper bound in seconds for exponential backoff. */
  max_delay?: number | undefined;
}

export interface MisfirePolicy {
  policy: MisfirePolicyName;
  /** catch_up only: at most this many missed slots are run (default 10). */
  max_catch_up: number;
  /** Seconds: slots older than this are never run, only recorded as `outside_window` (default 24 h). */
  misfire_window: number;
}

export const DEFAULT_MISFIRE: MisfirePolicy = {
  policy: 'coalesce',
  max_catch_up: 10,
  misfire_window: 86_400,
};

/** `null` or `{}` means "always"; otherwise one expression in Attune's language. */
export type Conditions = { expression: string } | null;

export interface Pack {
  ref: string;
  label: string;
  description: string;
  version: string;
  author: string | null;
  conf_schema: ParamSchema;
  /** Non-secret config values; secret ones live in the key store. */
  config: JsonObject;
  dependencies: string[];
  tags: string[];
  /** Folder the pack's files were installed to, or null for the user pack. */
  path: string | null;
  system: boolean;
  created: string;
  updated: string;
}

export interface WebhookConfig {
  /** Name of the key-store entry holding the HMAC secret; null = no signature required. */
  hmac_secret_ref: string | null;
  max_body_bytes: number;
  /** Requests per minute per trigger; 0 = unlimited. */
  rate_limit_per_minute: number;
}

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

export interface Trigger {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  param_schema: ParamSchema;
  out_schema: ParamSchema;
  enabled: boolean;
  webhook_enabled: boolean;
  webhook_key: string | null;
  webhook_config: WebhookConfig;
  created: string;
  updated: string;
}

export interface Action {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  runner_type: RunnerType;
  /** A file in the pack's actions/ folder, an inline script, or a builtin's name. */
  entry_point: string;
  parameters: ParamSchema;
  output: ParamSchema;
  parameter_delivery: 'stdin' | 'file';
  parameter_format: 'json' | 'dotenv' | 'yaml';
  output_format: 'text' | 'json' | 'yaml' | 'jsonl';
  timeout_seconds: number;
  retry: RetryPolicy | null;
  enabled: boolean;
  created: string;
  updated: string;
}

export interface Rule {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  trigger_ref: string;
  trigger_params: JsonObject;
  conditions: Conditions;
  action_ref: string;
  action_params: JsonObject;
  enabled: boolean;
  overlap: OverlapPolicy;
  retry: RetryPolicy | null;
  /** Timer rules only; null = the default (coalesce, 10, 24 h). */
  misfire: MisfirePolicy | null;
  created: string;
  updated: string;
}

export type EventKind = 'event' | 'missed';

export interface Evaluation {
  rule_ref: string;
  outcome: EvaluationOutcome;
  /** The expression for condition_false, the message for error, null otherwise. */
  detail: string | null;
  enforcement_id: number | null;
}

export interface AttuneEvent {
  id: number;
  kind: EventKind;
  trigger_ref: string;
  payload: JsonObject;
  /** Ingress metadata (webhook headers, remote address, ...). */
  config: JsonObject | null;
  source_ref: string | null;
  rule_ref: string | null;
  trace_tag: string;
  created: string;
  /** Present on single-event reads. */
  evaluations?: Evaluation[];
}

export interface Enforcement {
  id: number;
  rule_ref: string;
  event_id: number;
  trigger_ref: string;
  /** Rendered action params, secrets redacted. */
  config: JsonObject;
  status: EnforcementStatus;
  created: string;
  resolved_at: string | null;
}

export interface ExecutionResult {
  exit_code: number | null;
  stdout: string;
  stderr: string;
  duration_ms: number;
  data: unknown;
  error: string | null;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
}

export interface Execution {
  id: number;
  action_ref: string;
  config: JsonObject;
  enforcement_id: number | null;
  parent_id: number | null;
  rule_ref: string | null;
  status: ExecutionStatus;
  result: ExecutionResult | null;
  started_at: string | null;
  finished_at: string | null;
  timeout_seconds: number;
  retry_count: number;
  trace_tag: string;
  created: string;
  updated: string;
}

export interface WebhookAttempt {
  id: number;
  trigger_ref: string | null;
  webhook_key: string;
  status_code: number;
  error: string | null;
  event_id: number | null;
  remote_address: string | null;
  body_bytes: number;
  created: string;
}
