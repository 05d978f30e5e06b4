/**
 * Why a rule did not fire, in detail (docs/explain.md): the smallest failing parts of its
 * condition, or the placeholder of its action parameters that could not render, each with the
 * actual values of its operands. Bounded in size; secret values are replaced by `***`.
 */
import { z } from 'zod';

/** One operand of a failing part: its text and its actual value, printed as JSON. */
export const ExplainedOperandSchema = z.object({
  expression: z.string(),
  /** The value as JSON, cut at a bounded length (a trailing `…` says so); absent when it erred. */
  value: z.string().optional(),
  /** The field does not exist (a missing field reads as null). */
  missing: z.literal(true).optional(),
  /** Why the operand itself could not be evaluated. */
  error: z.string().optional(),
});
export type ExplainedOperand = z.infer<typeof ExplainedOperandSchema>;

/** A smallest failing sub-expression: false (with its value) or an error (with its message). */
export const ExplainedFailureSchema = z.object({
  expression: z.string(),
  /** The part's own value (`false`, `null`, …) when it evaluated; absent for an error. */
  value: z.string().optional(),
  error: z.string().optional(),
  operands: z.array(ExplainedOperandSchema),
  /** For an action parameter that failed to render: the parameter's name. */
  param: z.string().optional(),
  /** For a template: the placeholder (`{{ … }}` source) the failing part sits in, when it is larger. */
  placeholder: z.string().optional(),
});
export type ExplainedFailure = z.infer<typeof ExplainedFailureSchema>;

export const ExplanationSchema = z.object({
  failures: z.array(ExplainedFailureSchema),
  /** More failing parts existed (or the explanation's own budget ran out) than are listed. */
  truncated: z.boolean(),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

/**
 * One conjunct of a condition (its top-level `and` parts) with its value, true or not: a replay
 * shows every part of the condition, also when the rule fires (docs/explain.md, "Replay").
 */
export const ConditionPartSchema = ExplainedFailureSchema.omit({ param: true, placeholder: true }).extend({
  /** The part was truthy. */
  passed: z.boolean(),
});
export type ConditionPart = z.infer<typeof ConditionPartSchema>;

/** A condition's conjuncts, each with its value; `truncated` when there were more than are listed. */
export const ConditionPartsSchema = z.object({
  parts: z.array(ConditionPartSchema),
  truncated: z.boolean(),
});
export type ConditionParts = z.infer<typeof ConditionPartsSchema>;
