/**
 * Entity schemas as they cross the boundary (REST, WebSocket, IPC). The shapes are declared once,
 * in core/model/entities.ts, with their types inferred; this module re-exports them for faces that
 * may import only the contract, and adds the shapes that exist only on the wire (a rule's view,
 * the list envelope).
 */
import { z } from 'zod';
import { RuleSchema } from '../model/entities.ts';

export type {
  Action,
  AttuneEvent,
  Conditions,
  Enforcement,
  Evaluation,
  Execution,
  ExecutionResult,
  JsonObject,
  MisfirePolicy,
  Pack,
  RetryPolicy,
  Rule,
  Trigger,
  WebhookAttempt,
  WebhookConfig,
} from '../model/entities.ts';
export {
  ActionSchema,
  ConditionsSchema,
  EnforcementSchema,
  EvaluationSchema,
  EventSchema,
  ExecutionResultSchema,
  ExecutionSchema,
  JsonObjectSchema,
  MisfirePolicySchema,
  PackSchema,
  RetryPolicySchema,
  RuleSchema,
  TriggerSchema,
  WebhookAttemptSchema,
  WebhookConfigSchema,
} from '../model/entities.ts';
export type { ParamSchema, ParamSpec } from '../model/param-schema.ts';
export { ParamSchemaSchema, ParamSpecSchema } from '../model/param-schema.ts';

/** A rule as the API shows it: timer rules add their next and last fire instants. */
export const RuleViewSchema = RuleSchema.extend({
  next_fire_at: z.string().nullable().optional(),
  last_fired_at: z.string().nullable().optional(),
});
export type RuleView = z.infer<typeof RuleViewSchema>;

/**
 * Attune's list envelope, plus `total_is_lower_bound`: large or combined event and execution
 * lists stop counting (docs/performance.md), and then `total_items` means "at least" — a UI shows
 * it as "10,000+". Attune's clients ignore the extra key.
 */
const Count = z.number().int().min(0);

export const PaginationSchema = z.object({
  page: Count,
  page_size: Count,
  total_items: Count,
  total_pages: Count,
  has_previous: z.boolean(),
  has_next: z.boolean(),
  total_is_lower_bound: z.boolean(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), pagination: PaginationSchema });
}
