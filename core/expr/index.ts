/**
 * Attune's expression language and `{{ }}` templates (docs/expressions.md, "The language"): rule conditions and action
 * parameter rendering. Other modules import from here only.
 */
export type { BinaryOperator, ExprNode, LiteralValue, UnaryOperator } from './ast.ts';
export { StepBudget } from './budget.ts';
export { type CompiledCondition, compileCondition, validateCondition } from './conditions.ts';
export { deepEqual } from './equality.ts';
export { ExprEvalError, ExprSyntaxError } from './errors.ts';
export type { CompiledExpression, ExprContext } from './evaluate.ts';
export { compileExpression, evaluateExpression } from './evaluate.ts';
export { describeConjuncts, explainCondition, explainTemplate } from './explain.ts';
export type { FunctionName } from './function-names.ts';
export { FUNCTION_NAMES } from './function-names.ts';
export { functionArity } from './functions.ts';
export { shellQuote } from './functions-shell.ts';
export {
  MAX_EVALUATION_STEPS,
  MAX_EXPRESSION_LENGTH,
  MAX_MATCH_INPUT_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM_SIZE,
  MAX_RANGE_LENGTH,
  MAX_RESULT_LENGTH,
} from './limits.ts';
export { parseExpression } from './parser.ts';
export { printExpression, printString } from './print.ts';
export { isReadStable } from './read-stable.ts';
export type { PatternResult, SafePattern } from './regex.ts';
export { compilePattern } from './regex.ts';
export { placeholderSpots, type ShellSpot } from './shell-context.ts';
export type { TemplateMode, TemplatePart, TemplateProblem } from './template.ts';
export {
  checkActionParams,
  checkTemplates,
  parseTemplate,
  renderTemplateString,
  renderValue,
} from './template.ts';
export { isTruthy, typeName } from './values.ts';
