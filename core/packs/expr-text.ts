/**
 * Writing expression source safely (docs/expressions.md, "The language"): converted StackStorm criteria embed
 * user strings, so every value goes through core/expr's printer (`printString`,
 * `printExpression`) and never through string concatenation of raw text. What is here is what
 * the printer has no counterpart for: literals for JSON values and the payload path.
 */
import { type ExprNode, printExpression, printString } from '../expr/index.ts';

/**
 * A literal for a JSON value: null, booleans, finite numbers, strings, arrays of those. Objects
 * have no literal in the language, so they (and non-finite numbers) answer null.
 */
export function literal(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? numberLiteral(value) : null;
  if (typeof value === 'string') return printString(value);
  if (Array.isArray(value)) {
    const items = value.map(literal);
    return items.every((i) => i !== null) ? `[${items.join(', ')}]` : null;
  }
  return null;
}

/** Numbers as the tokenizer reads them: no leading sign (a unary minus instead), no `Infinity`. */
function numberLiteral(n: number): string {
  if (n < 0 || Object.is(n, -0)) return `-${numberLiteral(-n)}`;
  return String(n).replace(/^(\d+)e\+?/, '$1e');
}

/** `event.payload` followed by `.name` or `["odd key"]` / `[3]` for each segment. */
export function payloadPath(segments: ReadonlyArray<string | number>): string {
  let node: ExprNode = { type: 'member', object: { type: 'variable', name: 'event' }, name: 'payload' };
  for (const seg of segments) {
    node =
      typeof seg === 'number'
        ? { type: 'index', object: node, index: { type: 'literal', value: seg } }
        : { type: 'member', object: node, name: seg };
  }
  return printExpression(node);
}
