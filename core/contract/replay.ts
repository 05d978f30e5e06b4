/**
 * Replay (docs/explain.md, "Replay"): a stored event decided again against a rule as stored or
 * as drafted, with nothing run and nothing stored, next to what happened the first time.
 */
import { z } from 'zod';
import { EVENT_KINDS } from '../model/entities.ts';
import { ConditionPartsSchema } from '../model/explanation.ts';

export type {
  ConditionPart,
  ConditionParts,
  ExplainedFailure,
  ExplainedOperand,
  Explanation,
} from '../model/explanation.ts';

import { EVALUATION_OUTCOMES, EXECUTION_STATUSES } from '../model/status.ts';
import { EnforcementSchema, EvaluationSchema, JsonObjectSchema } from './entities.ts';

/** A JSON value's type as the trace names it. */
export const JSON_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'] as const;

/** One rendered action parameter: its value (secrets redacted), its type, the type the action wants. */
export const ReplayParamSchema = z.object({
  name: z.string(),
  value: z.unknown(),
  type: z.enum(JSON_TYPES),
  /** The action's declared type for it, null when it declares none. */
  expected: z.string().nullable(),
  /** The value was replaced by *** (a secret field, or it carried a secret value). */
  redacted: z.boolean(),
});

/** One parameter whose value differs between the first run and the replay. */
export const ParamChangeSchema = z.object({
  name: z.string(),
  /** Absent: the parameter did not exist on that side. */
  original: z.unknown().optional(),
  replayed: z.unknown().optional(),
});

export const ReplayResultSchema = z.object({
  event: z.object({
    id: z.number(),
    kind: z.enum(EVENT_KINDS),
    trigger_ref: z.string(),
    created: z.string(),
  }),
  rule: z.object({
    ref: z.string(),
    /** A draft was replayed, not the stored rule. */
    draft: z.boolean(),
    /** The stored (or drafted) rule is disabled: replayed as if enabled. */
    enabled: z.boolean(),
    condition: z.string().nullable(),
  }),
  /** The replayed decision (evaluated as if the rule were enabled; overlap is not checked). */
  evaluation: EvaluationSchema,
  /** Each conjunct of the condition with its value, passed or not; null without a condition. */
  conditions: ConditionPartsSchema.nullable(),
  /** Rendered action params (secrets redacted) when the replay matched. */
  action_params: JsonObjectSchema.nullable(),
  params: z.array(ReplayParamSchema),
  /** What happened when the event arrived. `evaluation` null: the rule was not a candidate then. */
  original: z.object({
    evaluation: EvaluationSchema.nullable(),
    enforcement: EnforcementSchema.nullable(),
    executions: z.array(z.object({ id: z.number(), status: z.enum(EXECUTION_STATUSES) })),
  }),
  diff: z.object({
    /** The outcome, the params or both differ from the first time. */
    changed: z.boolean(),
    outcome: z
      .object({
        original: z.enum(EVALUATION_OUTCOMES).nullable(),
        replayed: z.enum(EVALUATION_OUTCOMES),
      })
      .nullable(),
    params: z.array(ParamChangeSchema),
  }),
});
export type ReplayResult = z.infer<typeof ReplayResultSchema>;
