/**
 * Evaluation (SPEC §3). An AST is compiled once into nested closures, each operator picked
 * at compile time, so evaluating a condition is a few direct calls with no tree walk and no
 * allocation beyond the values it builds. `and`/`or` short-circuit and return booleans.
 */
import type { BinaryOperator, ExprNode } from './ast.ts';
import { compareValues, deepEqual } from './equality.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import { checkArity } from './function-args.ts';
import { FUNCTIONS } from './functions.ts';
import { PARSE_CACHE_SIZE } from './limits.ts';
import { LruCache } from './lru.ts';
import { add, divide, isIn, multiply, negate, remainder, subtract } from './operators.ts';
import { parseExpression } from './parser.ts';
import { isTruthy, ownValue, readIndex, readMember, toExprValue } from './values.ts';

/** The variables an expression can name: `event`, and for templates also `pack` and `system`. */
export type ExprContext = Record<string, unknown>;

type Compiled = (context: ExprContext) => unknown;

/**
 * A top-level name must be an own property of the context; inherited names such as
 * `constructor` are unknown too.
 */
function readVariable(context: ExprContext, name: string): unknown {
  if (!Object.hasOwn(context, name)) throw new ExprEvalError(`Unknown variable: ${name}`);
  return toExprValue(ownValue(context, name));
}

function compileNode(node: ExprNode): Compiled {
  switch (node.type) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'array': {
      const elements = node.elements.map(compileNode);
      return (ctx) => elements.map((element) => element(ctx));
    }
    case 'variable': {
      const name = node.name;
      return (ctx) => readVariable(ctx, name);
    }
    case 'member': {
      const object = compileNode(node.object);
      const name = node.name;
      return (ctx) => readMember(object(ctx), name);
    }
    case 'index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (ctx) => readIndex(object(ctx), index(ctx));
    }
    case 'call':
      return compileCall(node.name, node.args.map(compileNode));
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === 'not') return (ctx) => !isTruthy(operand(ctx));
      return (ctx) => negate(operand(ctx));
    }
    case 'binary':
      return compileBinary(node.op, compileNode(node.left), compileNode(node.right));
  }
}

function compileCall(name: keyof typeof FUNCTIONS, args: Compiled[]): Compiled {
  const spec: FunctionSpec | undefined = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  // Only a hand-built tree can name an unknown function; the parser refuses them.
  if (spec === undefined) {
    return () => {
      throw new ExprEvalError(`Unknown function "${name}"`);
    };
  }
  const call = spec.call;
  // The count is known now, but a wrong count is specified as an evaluation error (so an
  // unreachable branch does not block saving); every call fails instead.
  if (args.length < spec.min || args.length > spec.max) {
    return () => {
      checkArity(name, spec, args.length);
      return null;
    };
  }
  if (args.length === 1) {
    const only = args[0]!;
    return (ctx) => call([only(ctx)]);
  }
  return (ctx) => call(args.map((arg) => arg(ctx)));
}

function compileBinary(op: BinaryOperator, left: Compiled, right: Compiled): Compiled {
  switch (op) {
    case 'and':
      return (ctx) => isTruthy(left(ctx)) && isTruthy(right(ctx));
    case 'or':
      return (ctx) => isTruthy(left(ctx)) || isTruthy(right(ctx));
    case '==':
      return (ctx) => deepEqual(left(ctx), right(ctx));
    case '!=':
      return (ctx) => !deepEqual(left(ctx), right(ctx));
    case '<':
      return (ctx) => compareValues(left(ctx), right(ctx)) < 0;
    case '>':
      return (ctx) => compareValues(left(ctx), right(ctx)) > 0;
    case '<=':
      return (ctx) => compareValues(left(ctx), right(ctx)) <= 0;
    case '>=':
      return (ctx) => compareValues(left(ctx), right(ctx)) >= 0;
    case 'in':
      return (ctx) => isIn(left(ctx), right(ctx));
    case '+':
      return (ctx) => add(left(ctx), right(ctx));
    case '-':
      return (ctx) => subtract(left(ctx), right(ctx));
    case '*':
      return (ctx) => multiply(left(ctx), right(ctx));
    case '/':
      return (ctx) => divide(left(ctx), right(ctx));
    case '%':
      return (ctx) => remainder(left(ctx), right(ctx));
  }
}

/**
 * A RangeError (call stack exhausted by a deeply nested payload or hand-built tree, an engine
 * string limit) becomes an ExprEvalError, so a caller only ever sees that type.
 */
function asEvalError(err: unknown): unknown {
  return err instanceof RangeError ? new ExprEvalError(`Evaluation exceeded a limit: ${err.message}`) : err;
}

const compiledByNode = new WeakMap<ExprNode, Compiled>();

function compiledFor(node: ExprNode): Compiled {
  let compiled = compiledByNode.get(node);
  if (compiled === undefined) {
    compiled = compileNode(node);
    compiledByNode.set(node, compiled);
  }
  return compiled;
}

/** Evaluates a parsed expression; throws ExprEvalError. */
export function evaluateExpression(node: ExprNode, context: ExprContext): unknown {
  try {
    return compiledFor(node)(context);
  } catch (err) {
    throw asEvalError(err);
  }
}

const compiledBySource = new LruCache<string, (context: ExprContext) => unknown>(PARSE_CACHE_SIZE);

/**
 * Parses once (cached by source, at most PARSE_CACHE_SIZE entries) and returns an evaluator:
 * the engine's hot path. Throws ExprSyntaxError for bad source; the evaluator throws ExprEvalError.
 */
export function compileExpression(source: string): (context: ExprContext) => unknown {
  let evaluator = compiledBySource.get(source);
  if (evaluator === undefined) {
    const compiled = compileNode(parseExpression(source));
    evaluator = (context) => {
      try {
        return compiled(context);
      } catch (err) {
        throw asEvalError(err);
      }
    };
    compiledBySource.set(source, evaluator);
  }
  return evaluator;
}
