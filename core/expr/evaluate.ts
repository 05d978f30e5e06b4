/**
 * Evaluation (docs/expressions.md, "The language"). An AST is compiled once into nested closures, each operator picked
 * at compile time, so evaluating a condition is a few direct calls with no tree walk and no
 * allocation beyond the values it builds. `and`/`or` short-circuit and return booleans.
 *
 * Every evaluation runs on a step budget (budget.ts): the nodes are charged once up front, and
 * each operator or function charges the work that grows with its values.
 */
import { LruCache } from '../util/lru.ts';
import type { BinaryOperator, ExprNode } from './ast.ts';
import { StepBudget, sizeOf, truthy } from './budget.ts';
import { compareValues, deepEqual } from './equality.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import { checkArity } from './function-args.ts';
import { FUNCTIONS } from './functions.ts';
import { PARSE_CACHE_SIZE } from './limits.ts';
import { add, divide, isIn, multiply, negate, remainder, subtract } from './operators.ts';
import { parseExpression } from './parser.ts';
import { ownValue, readIndex, readMember, toExprValue } from './values.ts';

/** The variables an expression can name: `event`, and for templates also `pack` and `system`. */
export type ExprContext = Record<string, unknown>;

type Compiled = (context: ExprContext, budget: StepBudget) => unknown;

/** A compiled expression and its number of nodes, the steps charged before it runs. */
interface Program {
  readonly run: Compiled;
  readonly nodes: number;
}

function countNodes(node: ExprNode): number {
  switch (node.type) {
    case 'literal':
    case 'variable':
      return 1;
    case 'array':
      return node.elements.reduce((sum, element) => sum + countNodes(element), 1);
    case 'call':
      return node.args.reduce((sum, arg) => sum + countNodes(arg), 1);
    case 'member':
      return 1 + countNodes(node.object);
    case 'index':
      return 1 + countNodes(node.object) + countNodes(node.index);
    case 'unary':
      return 1 + countNodes(node.operand);
    case 'binary':
      return 1 + countNodes(node.left) + countNodes(node.right);
  }
}

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
      return (ctx, budget) => elements.map((element) => element(ctx, budget));
    }
    case 'variable': {
      const name = node.name;
      return (ctx) => readVariable(ctx, name);
    }
    case 'member': {
      const object = compileNode(node.object);
      const name = node.name;
      return (ctx, budget) => readMember(object(ctx, budget), name);
    }
    case 'index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (ctx, budget) => {
        const target = object(ctx, budget);
        // A string is indexed by code point, which reads it from the start.
        if (typeof target === 'string') budget.charge(target.length);
        return readIndex(target, index(ctx, budget));
      };
    }
    case 'call':
      return compileCall(node.name, node.args.map(compileNode));
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === 'not') return (ctx, budget) => !truthy(operand(ctx, budget), budget);
      return (ctx, budget) => negate(operand(ctx, budget));
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
    return (ctx, budget) => {
      const value = only(ctx, budget);
      budget.charge(sizeOf(value));
      const result = call([value], budget);
      budget.charge(sizeOf(result));
      return result;
    };
  }
  return (ctx, budget) => {
    const values = args.map((arg) => arg(ctx, budget));
    for (const value of values) budget.charge(sizeOf(value));
    const result = call(values, budget);
    budget.charge(sizeOf(result));
    return result;
  };
}

function compileBinary(op: BinaryOperator, left: Compiled, right: Compiled): Compiled {
  switch (op) {
    case 'and':
      return (ctx, b) => truthy(left(ctx, b), b) && truthy(right(ctx, b), b);
    case 'or':
      return (ctx, b) => truthy(left(ctx, b), b) || truthy(right(ctx, b), b);
    case '==':
      return (ctx, b) => deepEqual(left(ctx, b), right(ctx, b), b);
    case '!=':
      return (ctx, b) => !deepEqual(left(ctx, b), right(ctx, b), b);
    case '<':
      return (ctx, b) => compareValues(left(ctx, b), right(ctx, b), 'compare', b) < 0;
    case '>':
      return (ctx, b) => compareValues(left(ctx, b), right(ctx, b), 'compare', b) > 0;
    case '<=':
      return (ctx, b) => compareValues(left(ctx, b), right(ctx, b), 'compare', b) <= 0;
    case '>=':
      return (ctx, b) => compareValues(left(ctx, b), right(ctx, b), 'compare', b) >= 0;
    case 'in':
      return (ctx, b) => isIn(left(ctx, b), right(ctx, b), '"in"', b);
    case '+':
      return (ctx, b) => add(left(ctx, b), right(ctx, b), b);
    case '-':
      return (ctx, b) => subtract(left(ctx, b), right(ctx, b));
    case '*':
      return (ctx, b) => multiply(left(ctx, b), right(ctx, b));
    case '/':
      return (ctx, b) => divide(left(ctx, b), right(ctx, b));
    case '%':
      return (ctx, b) => remainder(left(ctx, b), right(ctx, b));
  }
}

/**
 * A RangeError (call stack exhausted by a deeply nested payload or hand-built tree, an engine
 * string limit) becomes an ExprEvalError, so a caller only ever sees that type.
 */
function asEvalError(err: unknown): unknown {
  return err instanceof RangeError ? new ExprEvalError(`Evaluation exceeded a limit: ${err.message}`) : err;
}

function compileProgram(node: ExprNode): Program {
  return { run: compileNode(node), nodes: countNodes(node) };
}

/** Runs a program on a budget; any failure leaves as an ExprEvalError. */
function runProgram(program: Program, context: ExprContext, budget: StepBudget): unknown {
  try {
    budget.charge(program.nodes);
    return program.run(context, budget);
  } catch (err) {
    throw asEvalError(err);
  }
}

const compiledByNode = new WeakMap<ExprNode, Program>();

function compiledFor(node: ExprNode): Program {
  let program = compiledByNode.get(node);
  if (program === undefined) {
    program = compileProgram(node);
    compiledByNode.set(node, program);
  }
  return program;
}

/**
 * Evaluates a parsed expression; throws ExprEvalError. Without a `budget` it gets a fresh one
 * of MAX_EVALUATION_STEPS; a template passes one budget to all its expressions.
 */
export function evaluateExpression(
  node: ExprNode,
  context: ExprContext,
  budget: StepBudget = new StepBudget(),
): unknown {
  let program: Program;
  try {
    // Compiling recurses too: a hand-built tree can exhaust the stack before it runs.
    program = compiledFor(node);
  } catch (err) {
    throw asEvalError(err);
  }
  return runProgram(program, context, budget);
}

/** A compiled condition: evaluates on a fresh budget of MAX_EVALUATION_STEPS unless given one. */
export type CompiledExpression = (context: ExprContext, budget?: StepBudget) => unknown;

const compiledBySource = new LruCache<string, CompiledExpression>(PARSE_CACHE_SIZE);

/**
 * Parses once (cached by source, at most PARSE_CACHE_SIZE entries) and returns an evaluator:
 * the engine's hot path. Throws ExprSyntaxError for bad source; the evaluator throws ExprEvalError.
 */
export function compileExpression(source: string): CompiledExpression {
  let evaluator = compiledBySource.get(source);
  if (evaluator === undefined) {
    const program = compileProgram(parseExpression(source));
    evaluator = (context, budget = new StepBudget()) => runProgram(program, context, budget);
    compiledBySource.set(source, evaluator);
  }
  return evaluator;
}
