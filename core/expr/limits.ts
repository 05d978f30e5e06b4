/**
 * Bounds that keep one bad rule from stalling the engine: the engine is a single process, so
 * a parse that overflows the stack or a value that grows without bound would stop every timer.
 */

/** Longest expression source, in UTF-16 code units (a template may hold many such expressions). */
export const MAX_EXPRESSION_LENGTH = 4096;

/** Deepest nesting of parentheses, brackets, calls and prefix operators. */
export const MAX_NESTING_DEPTH = 64;

/** Longest string or array an operator or function may produce. */
export const MAX_RESULT_LENGTH = 1_000_000;

/** Most elements `range()` may produce. */
export const MAX_RANGE_LENGTH = 100_000;

/** Longest `match()` pattern, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 256;

/** Longest `match()` input, in UTF-16 code units; longer input is an evaluation error. */
export const MAX_MATCH_INPUT_LENGTH = 10_000;

/**
 * Largest compiled `match()` pattern, in instructions of the regex engine's program (about one
 * per literal character, class or operator, repeats counted out: `a{3}` is three). It bounds
 * both the compile time of a pattern and the cost of one match: input length × program size.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1000;

/**
 * Steps one condition evaluation, or the rendering of one rule's action_params, may take
 * (budget.ts says what a step is). A few hundred milliseconds of work at worst; ordinary
 * conditions take tens of steps.
 */
export const MAX_EVALUATION_STEPS = 5_000_000;

/** Parsed expressions and templates kept by `compileExpression` and `renderTemplateString`. */
export const PARSE_CACHE_SIZE = 1000;

/** Compiled regular expressions kept by `match()`. */
export const REGEX_CACHE_SIZE = 200;
